#!/usr/bin/env bash
# Starts one city's app tier on loopback: migrate and seed once, then three instances on
# ports 3001–3003 behind HAProxy on 3000, all on the PostgreSQL at DATABASE_URL. Ctrl+C stops all.
# Instances trust the balancer's X-Forwarded-For (HOTLINE_TRUST_PROXY) so limits count clients.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to the city database (postgres://…)}"
command -v haproxy >/dev/null || { echo "haproxy is missing: apt-get install haproxy" >&2; exit 2; }

node bin/hotline.js migrate
node bin/hotline.js seed
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; wait' EXIT INT TERM
for port in 3001 3002 3003; do
  PORT=$port HOST=127.0.0.1 HOTLINE_TRUST_PROXY=127.0.0.1 node bin/hotline.js serve &
  pids+=($!)
done
HOTLINE_LB_BIND=127.0.0.1:3000 HOTLINE_APP1=127.0.0.1:3001 HOTLINE_APP2=127.0.0.1:3002 HOTLINE_APP3=127.0.0.1:3003 \
  haproxy -db -f scripts/cluster/haproxy.cfg &
pids+=($!)
echo "hotline: http://127.0.0.1:3000/ (3 instances behind HAProxy)"
wait
