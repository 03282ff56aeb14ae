#!/usr/bin/env bash
# One real gateway node and one real agent for the NLE shims' live suites (Premiere panel, Resolve
# Python and Lua scripts), started once and shared by all of them:
#
#   nle-plugins/live/start.sh DIR     starts them; writes DIR/stack.json and DIR/stack.env; exit 0 when ready
#   nle-plugins/live/stop.sh DIR      stops them (idempotent)
#
# What it does, each step under a hard time limit, every log in DIR/logs/, timings in DIR/logs/steps.log:
#   1. generates three light sample originals (the demo's A001C003 ProRes, B002C011 H.264 with four
#      channels, SR001 Broadcast WAV: same codecs, rates, timecodes, reels and audio as `./gateway demo`,
#      5 s long, at 320x180 on a flat pattern) with the node's own generator, in the background;
#   2. `./gateway user add` (user "demo", admin of project "demo") in the store;
#   3. `./gateway serve --config DIR/node.yaml` (TLS, free ports, its own cluster name);
#   4. `./gateway ingest ORIGINALS --wait` against it (probe, checksums, proxies, index);
#   5. `./gateway agent login --home DIR/agent-home`, then `./gateway agent serve --home ...` and waits
#      for its discovery file.
# On any failure it stops what it started, prints the failing step's log and exits 1.
#
# The launcher builds first when the sources changed (minutes, once); `./gateway test` runs this with
# GATEWAY_NO_BUILD=1 (Maven has just built every module). Needs python3 (free ports, JSON) and a JDK >= 21.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
GATEWAY="$ROOT/gateway"
[ $# -eq 1 ] || { echo "usage: $0 DIR   (the stack's folder: store, agent home, logs)" >&2; exit 2; }
mkdir -p "$1"
DIR="$(cd "$1" && pwd)"
LOGS="$DIR/logs"
PROJECT=demo
USER_NAME=demo
STEP_LIMIT="${GATEWAY_LIVE_STEP_TIMEOUT:-300}"   # seconds per step (a first build is not a step: see below)
# Every JVM of the stack (node, agent, CLI) starts on the C1 compiler and the serial GC: on a busy
# 2-core machine the node is ready in half the time, and nothing here runs long enough for C2 to pay.
export GATEWAY_JAVA_OPTS="${GATEWAY_JAVA_OPTS:-} -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"

# A leftover stack in DIR (an earlier run killed hard) goes first.
"$HERE/stop.sh" "$DIR" >/dev/null 2>&1 || true
rm -rf "$DIR/store" "$DIR/agent-home" "$DIR/originals" "$LOGS" "$DIR/stack.json" "$DIR/stack.env"
mkdir -p "$LOGS" "$DIR/originals"

started="$(date +%s.%N)"
step_started="$started"
step() { # name: logs the time since the previous step
  local now; now="$(date +%s.%N)"
  awk -v n="$now" -v s="$step_started" -v t="$started" -v name="$1" \
    'BEGIN { printf "%-28s %6.1f s  (total %6.1f s)\n", name, n - s, n - t }' >>"$LOGS/steps.log"
  step_started="$now"
}

fail() { # message [log-file]
  echo "live stack: $1" >&2
  if [ -n "${2:-}" ] && [ -f "$2" ]; then echo "--- last lines of $2 ---" >&2; tail -n 40 "$2" >&2; fi
  "$HERE/stop.sh" "$DIR" >&2 || true
  exit 1
}
trap 'fail "interrupted"' INT TERM

run_step() { # name limit log command...: runs a command under a hard limit, its output in log,
  # its standard input from $STDIN_FILE (default /dev/null)
  local name="$1" limit="$2" log="$3"; shift 3
  local rc=0
  timeout --kill-after=10 "$limit" "$@" >"$log" 2>&1 <"${STDIN_FILE:-/dev/null}" || rc=$?
  if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then fail "$name did not finish in $limit s: $*" "$log"; fi
  [ "$rc" -eq 0 ] || fail "$name failed (exit $rc): $*" "$log"
  step "$name"
}

read -r HTTP_PORT GRPC_PORT CLUSTER_PORT AGENT_PORT < <(python3 -c '
import socket
ss = [socket.socket() for _ in range(4)]
for s in ss: s.bind(("127.0.0.1", 0))
print(*[s.getsockname()[1] for s in ss])
for s in ss: s.close()')
PASSWORD="live-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
STORE="$DIR/store"
HOME_DIR="$DIR/agent-home"
CA="$STORE/security/tls/cert.pem"
EDL="$DIR/cut.edl"
cat >"$DIR/node.yaml" <<YAML
server:
  host: 127.0.0.1
  http-port: $HTTP_PORT
  grpc-port: $GRPC_PORT
store:
  dir: $STORE
cluster:
  name: nle-live-$$-$(date +%s)
  port: $CLUSTER_PORT
  members: [127.0.0.1]
ingest:
  local-workers: 3
  poll-ms: 100
YAML
# The demo's one-event EDL: 2 s of A001C003 from 01:00:02:00.
printf '%s\n' "TITLE: GATEWAY DEMO" "FCM: NON-DROP FRAME" "" \
  "001  A001C003 V     C        01:00:02:00 01:00:04:00 00:00:00:00 00:00:02:00" \
  "* FROM CLIP NAME: A001C003.mov" >"$EDL"

# A build (when the sources changed since the launcher's last one) happens here, outside the step limits.
if [ -z "${GATEWAY_NO_BUILD:-}" ]; then
  timeout 1800 "$GATEWAY" agent --help >"$LOGS/build.log" 2>&1 || fail "the launcher could not build the gateway" "$LOGS/build.log"
  step "build check"
fi

# The node's class path and JDK, as the launcher runs it (GATEWAY_NO_BUILD: the modules' target/).
if [ -n "${GATEWAY_NO_BUILD:-}" ]; then CLI_DIR="$ROOT/gateway-cli/target"
else CLI_DIR="$(readlink -f "$ROOT/.gateway/run/current")/gateway-cli"; fi
CLI_JAR="$(ls "$CLI_DIR"/*.jar 2>/dev/null | head -1 || true)"
[ -n "$CLI_JAR" ] || fail "no gateway-cli jar in $CLI_DIR (build the project first: ./gateway demo --help)"
java_ok() { [ -x "$1/bin/java" ] && "$1/bin/java" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; }
if [ -n "${JAVA_HOME:-}" ] && java_ok "$JAVA_HOME"; then JAVA="$JAVA_HOME/bin/java"
else
  JAVA=""
  for j in $(ls -1d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do if java_ok "${j%/}"; then JAVA="${j%/}/bin/java"; break; fi; done
  [ -n "$JAVA" ] || fail "no JDK >= 21 in JAVA_HOME or under /usr/lib/jvm for the sample generator"
fi

# 1. Sample originals, in the background while the node starts. The generator is a worker task: it
# halts when its standard input ends (its parent gone), so it reads a FIFO this script holds open.
mkfifo "$DIR/.hold"
exec 7<>"$DIR/.hold"
(
  exec 7>&-   # the generators must not hold their own input open
  export GST_REGISTRY="${GST_REGISTRY:-$ROOT/.gateway/gst-registry.bin}"
  pids=()
  for s in a001c003-light:A001C003.mov b002c011-light:B002C011.mov sr001-light:SR001.WAV; do
    timeout --kill-after=10 "$STEP_LIMIT" "$JAVA" --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow \
      -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dgateway.home="$ROOT" -cp "$CLI_JAR:$CLI_DIR/lib/*" \
      gateway.ingest.task.MediaTaskMain generate "${s%%:*}" "$DIR/originals/${s#*:}" <"$DIR/.hold" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || exit 1; done
) >"$LOGS/generate.log" 2>&1 &
GEN_PID=$!

# 2. The login and the project, in the store before the node holds it.
printf '%s\n' "$PASSWORD" >"$DIR/.password"
chmod 600 "$DIR/.password"
STDIN_FILE="$DIR/.password" run_step "user add" "$STEP_LIMIT" "$LOGS/user.log" \
  "$GATEWAY" user add "$USER_NAME" --password-stdin --grant "$PROJECT=admin" --store "$STORE"

# 3. The node, in its own process group (stop.sh ends the group: the launcher and the JVM it execs).
setsid "$GATEWAY" serve --config "$DIR/node.yaml" >"$LOGS/node.log" 2>&1 </dev/null 7>&- &
echo $! >"$DIR/node.pid"
wait_for() { # name limit log pid-file test-command...: polls the test until it holds, the process ends or time is up
  local name="$1" limit="$2" log="$3" pidfile="$4"; shift 4
  local deadline=$(( $(date +%s) + limit ))
  until "$@"; do
    kill -0 "$(cat "$pidfile")" 2>/dev/null || fail "$name: the process ended first" "$log"
    [ "$(date +%s)" -lt "$deadline" ] || fail "$name: not ready in $limit s" "$log"
    sleep 0.2   # another process's output or file: nothing to block on but polling
  done
  step "$name"
}
wait_for "node start" "$STEP_LIMIT" "$LOGS/node.log" "$DIR/node.pid" grep -q "gateway ready" "$LOGS/node.log"

# 4. The originals (generated meanwhile), ingested through the node.
wait_gen_rc=0
timeout "$STEP_LIMIT" tail --pid="$GEN_PID" -f /dev/null || wait_gen_rc=$?
[ "$wait_gen_rc" -eq 0 ] || fail "generating the sample originals did not finish in $STEP_LIMIT s" "$LOGS/generate.log"
wait "$GEN_PID" || fail "generating the sample originals failed" "$LOGS/generate.log"
exec 7>&-
rm -f "$DIR/.hold"
step "originals generated"
SERVER=(--server "127.0.0.1:$GRPC_PORT" --ca "$CA")
GATEWAY_PASSWORD="$PASSWORD" run_step "ingest" "$STEP_LIMIT" "$LOGS/ingest.log" \
  "$GATEWAY" ingest "$DIR/originals" --project "$PROJECT" --wait --json --user "$USER_NAME" "${SERVER[@]}"

# 5. The agent: logged in, then serving the localhost API.
STDIN_FILE="$DIR/.password" run_step "agent login" "$STEP_LIMIT" "$LOGS/agent-login.log" \
  "$GATEWAY" agent login --home "$HOME_DIR" --user "$USER_NAME" --password-stdin "${SERVER[@]}"
setsid "$GATEWAY" agent serve --home "$HOME_DIR" --port "$AGENT_PORT" "${SERVER[@]}" \
  >"$LOGS/agent.log" 2>&1 </dev/null &
echo $! >"$DIR/agent.pid"
wait_for "agent serve" "$STEP_LIMIT" "$LOGS/agent.log" "$DIR/agent.pid" test -s "$HOME_DIR/agent.json"

json_string() { python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$1"; }
cat >"$DIR/stack.json" <<JSON
{"dir": $(json_string "$DIR"), "store": $(json_string "$STORE"), "project": "$PROJECT",
 "user": "$USER_NAME", "password": "$PASSWORD", "grpc_port": $GRPC_PORT, "http_port": $HTTP_PORT,
 "agent_port": $AGENT_PORT, "agent_home": $(json_string "$HOME_DIR"), "ca": $(json_string "$CA"),
 "edl": $(json_string "$EDL"), "originals": $(json_string "$DIR/originals"),
 "node_pid": $(cat "$DIR/node.pid"), "agent_pid": $(cat "$DIR/agent.pid")}
JSON
cat >"$DIR/stack.env" <<ENV
GATEWAY_LIVE_STACK=$DIR/stack.json
LIVE_PROJECT=$PROJECT
LIVE_USER=$USER_NAME
LIVE_PASSWORD=$PASSWORD
LIVE_GRPC=127.0.0.1:$GRPC_PORT
LIVE_CA=$CA
LIVE_AGENT_HOME=$HOME_DIR
ENV
trap - INT TERM
echo "live stack ready in $DIR (node 127.0.0.1:$GRPC_PORT, agent 127.0.0.1:$AGENT_PORT; $(cat "$LOGS/steps.log" | tail -1 | sed 's/.*(total *//; s/)//'))"
