#!/usr/bin/env bash
# Stops the live stack that start.sh started in DIR: the agent, then the node (each its own process
# group: the launcher and the JVM it runs), SIGTERM first, SIGKILL after 20 s. Safe to run twice.
#   stop.sh DIR          both
#   stop.sh DIR node     the node only (the offline tests: the agent stays up, the gateway goes away)
set -uo pipefail
[ $# -eq 1 ] || [ $# -eq 2 ] || { echo "usage: $0 DIR [node]" >&2; exit 2; }
DIR="$1"
stop_group() { # pid-file name
  local f="$DIR/$1" pid i
  [ -f "$f" ] || return 0
  pid="$(cat "$f")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null
    for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "live stack: $2 (pid $pid) still running 20 s after SIGTERM: SIGKILL" >&2
      kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null
    fi
  fi
  rm -f "$f"
}
if [ "${2:-}" = node ]; then stop_group node.pid "the node"; exit 0; fi
stop_group agent.pid "the agent"
stop_group node.pid "the node"
exit 0
