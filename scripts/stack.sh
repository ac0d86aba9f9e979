#!/usr/bin/env bash
# Starts/stops the three services in the background on this machine, each under a
# respawn loop (a crashed service is back within a second), logging JSON to .run/NAME.log.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
RUN=${RUN_DIR:-$HERE/.run}
SERVICES=(kpi-aggregator ari-controller api)
mkdir -p "$RUN"

start_one() {
  local name=$1
  if [ -f "$RUN/$name.pid" ] && kill -0 "$(cat "$RUN/$name.pid")" 2>/dev/null; then
    echo "[stack] $name already running (pid $(cat "$RUN/$name.pid"))" >&2; return
  fi
  # A service's own Node flags, if it has any (services/NAME/node-flags, '#' lines are comments).
  local flags
  flags=$(grep -hv '^#' "$HERE/services/$name/node-flags" 2>/dev/null | tr '\n' ' ' || true)
  # setsid: the loop and its node child form one process group that stop() kills together.
  setsid bash -c "cd '$HERE/services/$name' && while true; do node $flags --import tsx src/main.ts; echo \"[stack] $name exited with \$?; restarting\" >&2; sleep 1; done" \
    >>"$RUN/$name.log" 2>&1 < /dev/null &
  echo $! >"$RUN/$name.pid"
  echo "[stack] $name started (log: $RUN/$name.log)" >&2
}

stop_one() {
  local name=$1 pid
  [ -f "$RUN/$name.pid" ] || return 0
  pid=$(cat "$RUN/$name.pid")
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$RUN/$name.pid"
  echo "[stack] $name stopped" >&2
}

case "${1:-}" in
  start) for s in "${SERVICES[@]}"; do start_one "$s"; done ;;
  stop) for s in "${SERVICES[@]}"; do stop_one "$s"; done ;;
  status)
    for s in "${SERVICES[@]}"; do
      if [ -f "$RUN/$s.pid" ] && kill -0 "$(cat "$RUN/$s.pid")" 2>/dev/null; then echo "$s: running"; else echo "$s: stopped"; fi
    done ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
