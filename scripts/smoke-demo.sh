#!/usr/bin/env bash
# Smoke test of `npm run demo` on a machine with no PostgreSQL of its own: runs the built demo
# (run `npm run build` first) with DATABASE_URL and REDIS_URL unset and the local PostgreSQL
# pointed at a closed port, so the embedded PostgreSQL starts in a temp dir. Checks the API gets
# ready and serves /docs, then that SIGTERM stops the demo cleanly (exit 0) with none of its
# processes (API, worker, PostgreSQL, redis-server) left behind. Prints one line; non-zero on failure.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

READY_TIMEOUT_S=60
STOP_TIMEOUT_S=20

demo_pid=''
children=''
work_dir=''

fail() {
  echo "smoke-demo: FAILED: $*"
  if [[ -n "$work_dir" && -s "$work_dir/demo.log" ]]; then
    echo "--- last lines of the demo output ---" >&2
    tail -n 30 "$work_dir/demo.log" >&2
  fi
  exit 1
}

cleanup() {
  local pid
  if [[ -n "$demo_pid" ]] && kill -0 "$demo_pid" 2>/dev/null; then
    kill -TERM "$demo_pid" 2>/dev/null || true
    sleep 2
    kill -KILL "$demo_pid" 2>/dev/null || true
  fi
  for pid in $children; do
    kill -KILL "$pid" 2>/dev/null || true
  done
  if [[ -n "$work_dir" ]]; then
    rm -rf "$work_dir"
  fi
}
trap cleanup EXIT

free_port() {
  node -e "const s = require('net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); });"
}

http_status() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true
}

[[ -f dist/src/dev/demo.js ]] || fail "dist/src/dev/demo.js is missing: run \`npm run build\` first"
command -v curl >/dev/null || fail "curl is not installed"

work_dir="$(mktemp -d "${TMPDIR:-/tmp}/rtw-smoke-demo.XXXXXX")"
# Readable by others: as root the embedded PostgreSQL runs as the `postgres` user inside it.
chmod 755 "$work_dir"
mkdir "$work_dir/data"

port="$(free_port)"
worker_port="$(free_port)"
closed_port="$(free_port)"
while [[ "$worker_port" == "$port" ]]; do worker_port="$(free_port)"; done

env -u DATABASE_URL -u REDIS_URL \
  RTW_LOCAL_POSTGRES_URL="postgres://postgres@127.0.0.1:${closed_port}/postgres" \
  RTW_DATA_DIR="$work_dir/data" \
  PORT="$port" \
  WORKER_PORT="$worker_port" \
  node dist/src/dev/demo.js >"$work_dir/demo.log" 2>&1 &
demo_pid=$!

started=$SECONDS
until [[ "$(http_status "http://127.0.0.1:${port}/health/ready")" == 200 ]]; do
  kill -0 "$demo_pid" 2>/dev/null || fail "the demo exited before the API was ready"
  ((SECONDS - started < READY_TIMEOUT_S)) || fail "API not ready within ${READY_TIMEOUT_S} s"
  sleep 0.5
done
ready_after=$((SECONDS - started))

docs="$(http_status "http://127.0.0.1:${port}/docs")"
[[ "$docs" == 200 ]] || fail "/docs answered ${docs}, not 200"
grep -q 'PostgreSQL: embedded server on port' "$work_dir/demo.log" ||
  fail "the demo output does not mention the embedded PostgreSQL server"
# The worker gets ready on its own time; the demo says so once both are.
until grep -q 'The return-to-work platform is running' "$work_dir/demo.log"; do
  kill -0 "$demo_pid" 2>/dev/null || fail "the demo exited before the worker was ready"
  ((SECONDS - started < READY_TIMEOUT_S)) ||
    fail "the demo did not report the platform running within ${READY_TIMEOUT_S} s"
  sleep 0.2
done

# Everything the demo started: the API, the worker, the embedded PostgreSQL (and a redis-server).
children="$(pgrep -P "$demo_pid" | tr '\n' ' ' || true)"
[[ -n "$children" ]] || fail "no child processes of the demo found"
api_seen=''
worker_seen=''
for pid in $children; do
  case "$(ps -o args= -p "$pid" || true)" in
    *dist/src/main.js*) api_seen=1 ;;
    *dist/src/worker.js*) worker_seen=1 ;;
  esac
done
[[ -n "$api_seen" && -n "$worker_seen" ]] ||
  fail "the demo's children do not include dist/src/main.js and dist/src/worker.js"

kill -TERM "$demo_pid"
stop_started=$SECONDS
while kill -0 "$demo_pid" 2>/dev/null; do
  ((SECONDS - stop_started < STOP_TIMEOUT_S)) || fail "the demo still runs ${STOP_TIMEOUT_S} s after SIGTERM"
  sleep 0.2
done
demo_status=0
wait "$demo_pid" || demo_status=$?
demo_pid=''

left=''
for pid in $children; do
  if kill -0 "$pid" 2>/dev/null; then
    left+=" ${pid} ($(ps -o args= -p "$pid" | cut -c1-80))"
  fi
done
[[ -z "$left" ]] || fail "processes left behind after the demo exited:${left}"
[[ "$demo_status" == 0 ]] || fail "the demo exited with status ${demo_status} after SIGTERM, not 0"

echo "smoke-demo: OK: embedded PostgreSQL, API ready in ${ready_after} s, /docs 200, SIGTERM stopped the demo (exit 0) and its $(wc -w <<<"$children") processes"
