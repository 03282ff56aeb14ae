#!/usr/bin/env bash
# The NLE shims' live suites against ONE real node and ONE real agent (start.sh):
#   1. the Resolve scripts, Python (tests/test_python_with_agent.py),
#   2. the Resolve scripts, Lua over LuaSocket and over curl (tests/test_lua.py LuaWithAgentTest),
#   3. `agent watch-exports` for Media Composer (nle-plugins/avid/tests/test_watch_exports.py),
#   4. the Premiere panel (test/integration.test.ts; last: its final test stops the node).
# Usage: nle-plugins/live/run.sh [DIR]   (default nle-plugins/live/target; logs in DIR/logs, the
# stack's own logs in DIR/stack/logs). Each suite runs under a hard time limit; the stack is stopped by
# a trap whatever happens; a failure prints the suite's log and the end of the node's and agent's.
# Exit 0 when every suite passed. `./gateway test` runs it with GATEWAY_NO_BUILD=1 after the unit suites.
set -uo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
mkdir -p "${1:-$HERE/target}"
DIR="$(cd "${1:-$HERE/target}" && pwd)"
LOGS="$DIR/logs"
STACK="$DIR/stack"
SUITE_LIMIT="${GATEWAY_LIVE_SUITE_TIMEOUT:-300}"
rm -rf "$LOGS"
mkdir -p "$LOGS"

current=""   # the pid of the step running now (its own process group: see `timeout`)
cleanup() {
  if [ -n "$current" ]; then kill -TERM "$current" 2>/dev/null; wait "$current" 2>/dev/null; fi
  "$HERE/stop.sh" "$STACK"
}
trap cleanup EXIT
trap 'echo "live suites: interrupted" >&2; exit 130' INT
trap 'echo "live suites: stopped (SIGTERM)" >&2; exit 143' TERM

show_logs() { # the end of the stack's logs, for a failure
  local f
  for f in "$STACK/logs/node.log" "$STACK/logs/agent.log"; do
    [ -f "$f" ] && { echo "--- last lines of $f ---"; tail -n 30 "$f"; }
  done
}

t0="$(date +%s.%N)"
since() { awk -v n="$(date +%s.%N)" -v s="$1" 'BEGIN { print n - s }'; }

# Children run in the background and are waited for, so a signal reaches this script's traps at once.
"$HERE/start.sh" "$STACK" >"$LOGS/start.log" 2>&1 &
current=$!
if ! wait "$current"; then
  current=""
  echo "live suites: the node and agent could not be started:" >&2
  cat "$LOGS/start.log" >&2
  exit 1
fi
current=""
printf 'live stack started in %.1f s:\n' "$(since "$t0")"
sed 's/^/  /' "$STACK/logs/steps.log"
export GATEWAY_LIVE_STACK="$STACK/stack.json"

failed=()
suite() { # name dir command...
  local name="$1" dir="$2"; shift 2
  local log="$LOGS/${name// /-}.log" s rc=0
  s="$(date +%s.%N)"
  (cd "$dir" && exec timeout --kill-after=10 "$SUITE_LIMIT" "$@") >"$log" 2>&1 </dev/null &
  current=$!
  wait "$current" || rc=$?
  current=""
  if [ "$rc" -eq 0 ]; then
    printf '%-22s passed in %5.1f s\n' "$name" "$(since "$s")"
  else
    [ "$rc" -eq 124 ] && echo "$name: did not finish in $SUITE_LIMIT s" >>"$log"
    printf '%-22s FAILED (exit %d) after %5.1f s; log %s:\n' "$name" "$rc" "$(since "$s")" "$log"
    tail -n 80 "$log"
    show_logs
    failed+=("$name")
  fi
}

suite "Resolve Python live" "$ROOT/nle-plugins/resolve/tests" python3 -m unittest -v test_python_with_agent
suite "Resolve Lua live" "$ROOT/nle-plugins/resolve/tests" python3 -m unittest -v test_lua.LuaWithAgentTest
suite "Avid watch-exports" "$ROOT/nle-plugins/avid/tests" python3 -m unittest -v test_watch_exports
# The compiled tests are current when nothing under src/ or test/ is newer (./gateway test has just
# built them for the unit suite); otherwise `npm test` compiles them first.
premiere="$ROOT/nle-plugins/premiere"
if [ -f "$premiere/build/test/integration.test.js" ] && [ -z "$(find "$premiere/src" "$premiere/test" -newer \
     "$premiere/build/test/integration.test.js" -name '*.ts' -print -quit)" ]; then
  suite "Premiere live" "$premiere" env GATEWAY_LIVE_ONLY=1 node scripts/run-tests.mjs
else
  suite "Premiere live" "$premiere" env GATEWAY_LIVE_ONLY=1 npm test
fi

printf 'live suites: %.1f s in all\n' "$(since "$t0")"
if [ ${#failed[@]} -gt 0 ]; then
  echo "live suites failed: ${failed[*]} (logs in $LOGS, the stack's in $STACK/logs)" >&2
  exit 1
fi
