#!/usr/bin/env python3
"""The seed's viewer summary, for `./exectrace bench view --seed-viewer harness/scripts/seed_view_summary.py`.

Runs Peak_Trade's own `iter_events` + `summarize_events` (src/execution/telemetry_viewer.py, unchanged; last
changed in Peak_Trade commit 812a4349) over the JSONL files given as arguments, without a limit, and prints the
summary as one JSON line. telemetry_viewer.py is not part of this repository: put a copy next to this script or
name its folder in PEAK_TRADE_VIEWER_DIR, e.g.
    git -C Peak_Trade show 812a4349:src/execution/telemetry_viewer.py > harness/scripts/telemetry_viewer.py
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.environ.get("PEAK_TRADE_VIEWER_DIR", str(Path(__file__).resolve().parent)))
from telemetry_viewer import TelemetryQuery, iter_events, summarize_events  # noqa: E402

events, stats = iter_events([Path(p) for p in sys.argv[1:]], TelemetryQuery(limit=10**15))
summary = summarize_events(events)
summary["unique_sessions"] = len(summary["unique_sessions"])
print(json.dumps({"summary": summary, "lines": stats.total_lines, "valid": stats.valid_events,
                  "invalid": stats.invalid_lines}))
