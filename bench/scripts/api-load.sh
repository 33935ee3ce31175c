#!/usr/bin/env bash
# API load (docs/benchmarks.md): wrk on loopback against GET /health (the baseline: the HTTP stack, no store),
# a session summary and that session's timeline, with 10 000 sessions of state, ROUNDS rounds of 10 s per URL.
# Starts its own broker and `./exectrace run` under WORK_DIR, loads 200 000 synthetic events of 10 000 sessions,
# waits until the app's input lag is 0, then measures. Needs wrk (Debian package) and a built launcher.
# Usage: bench/scripts/api-load.sh [ROUNDS] [WORK_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
rounds="${1:-3}"
work="${2:-/tmp/exectrace-api-load}"
kafka_port=19192
api_port=18180
session=synth-5-s5155
rm -rf "$work" && mkdir -p "$work"
export EXECTRACE_SKIP_BUILD=1

./exectrace broker --port "$kafka_port" --data-dir "$work/kafka" >"$work/broker.log" 2>&1 &
broker=$!
app=
trap 'kill $app $broker 2>/dev/null || true; wait 2>/dev/null || true' EXIT
until grep -q "ready on" "$work/broker.log"; do sleep 0.2; done

EXECTRACE_BOOTSTRAP_SERVERS=127.0.0.1:$kafka_port EXECTRACE_API_PORT=$api_port EXECTRACE_STATE_DIR="$work/state" \
  EXECTRACE_APPLICATION_ID=apiload ./exectrace run >"$work/app.log" 2>&1 &
app=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$api_port/ready")" = "200" ]; do sleep 0.5; done

./exectrace produce synth -b 127.0.0.1:$kafka_port --sessions 10000 --events 200000 --rate max --seed 5 \
  >"$work/synth.log" 2>&1

# Input lag 0 (the consumer's records-lag of every input partition) three times in a row, one second apart.
zero=0
until [ "$zero" -ge 3 ]; do
  lag=$(curl -s "http://127.0.0.1:$api_port/metrics" \
    | awk '/^kafka_consumer_fetch_manager_records_lag\{/ && /topic="execution-events"/ {s += $NF; n++}
           END {print (n ? s : -1)}')
  if [ "$lag" = "0" ] || [ "$lag" = "0.0" ]; then zero=$((zero + 1)); else zero=0; fi
  sleep 1
done
curl -sf "http://127.0.0.1:$api_port/api/sessions/$session" >/dev/null
echo "state loaded: 200 000 events of 10 000 sessions; load average $(cut -d' ' -f1-3 /proc/loadavg)"

for round in $(seq "$rounds"); do
  for path in /health "/api/sessions/$session" "/api/sessions/$session/timeline"; do
    out=$(wrk -t2 -c16 -d10s --latency "http://127.0.0.1:$api_port$path")
    rps=$(awk '/^Requests\/sec/ {print $2}' <<<"$out")
    p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
    non2xx=$(awk '/Non-2xx/ {print $NF}' <<<"$out")
    echo "round $round $path: ${rps} req/s, p50 ${p50}, p99 ${p99}${non2xx:+, non-2xx $non2xx}, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
