#!/usr/bin/env bash
# Restore time of ./exectrace run: seconds from start until /ready answers 200, with the local state kept (warm,
# the baseline) and with the state directory deleted (restored from the changelogs), in turn, ROUNDS times.
# Needs a broker and an instance that has already built its state with the same settings (docs/benchmarks.md).
# Usage: BOOTSTRAP=127.0.0.1:19092 PORT=18080 STATE_DIR=/tmp/apibench/state APP_ID=apibench \
#          bench/scripts/restore-time.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds="${1:-3}"
: "${BOOTSTRAP:?}" "${PORT:?}" "${STATE_DIR:?}" "${APP_ID:?}"

start_and_time() {
  local started pid
  started=$(date +%s.%N)
  EXECTRACE_SKIP_BUILD=1 EXECTRACE_BOOTSTRAP_SERVERS="$BOOTSTRAP" EXECTRACE_API_PORT="$PORT" \
    EXECTRACE_STATE_DIR="$STATE_DIR" EXECTRACE_APPLICATION_ID="$APP_ID" ./exectrace run >"/tmp/restore-$1.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/ready")" = "200" ]; do sleep 0.2; done
  echo "$1: $(echo "$(date +%s.%N) - $started" | bc) s to /ready, load $(cut -d' ' -f1 /proc/loadavg)"
  kill "$pid"
  wait "$pid" || true
}

for _ in $(seq "$rounds"); do
  start_and_time warm
  rm -rf "$STATE_DIR"
  start_and_time restore
done
