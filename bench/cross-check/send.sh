#!/usr/bin/env bash
# An independent check of bench/send-throughput.ts, sharing none of its timing code: GNU time
# (/usr/bin/time, Debian package `time`) gives each process's wall time and peak RSS.
#   npm run bench -- send && bench/cross-check/send.sh [rounds]
set -euo pipefail
cd "$(dirname "$0")/../.."
for n in 10000 200000 1000000; do
  [[ -f .tmp/bench/signals-$n.ndjson ]] || { echo "missing .tmp/bench/signals-$n.ndjson: run npm run bench -- send first" >&2; exit 2; }
done
exec 3< <(node bench/ids-server.mjs)
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
read -r port <&3
url="http://127.0.0.1:$port/"
for ((r = 1; r <= ${1:-2}; r++)); do
  for n in 10000 200000 1000000; do
    CONNECT_API_KEY=cross-check /usr/bin/time -f "send $n signals: %e s, peak RSS %M KB" \
      node bin/connect-signals.js send ".tmp/bench/signals-$n.ndjson" --endpoint "$url" --json >/dev/null
  done
  /usr/bin/time -f "bare loop 200000 signals: %e s, peak RSS %M KB" node bench/bare-send.mjs .tmp/bench/signals-200000.ndjson "$url" >/dev/null
done
