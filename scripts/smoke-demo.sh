#!/usr/bin/env bash
# Smoke test of `npm run demo` on a machine with no PostgreSQL of its own: runs the built demo
# (run `npm run build` and `npm run build:web` first) with DATABASE_URL and REDIS_URL unset and the local PostgreSQL
# pointed at a closed port, so the embedded PostgreSQL starts in a temp dir. Checks the API gets
# ready and serves /docs; that the demo is safe by default (its own secrets in a 0600 file, none of
# them printed; a token signed with the built-in development secret answered 401 while a demo
# log-in works, the second factor included; the API and the worker connected as a member of
# rtw_runtime that is neither superuser nor owner); that `npm run mails` finds the running demo;
# then that SIGTERM stops the demo cleanly (exit 0) with none of its processes (API, worker,
# PostgreSQL, redis-server) left behind and `npm run mails` saying no demo runs. Prints one line;
# non-zero on failure.
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

# request METHOD URL [BODY] [TOKEN]: the status; the body is left in $work_dir/body.json.
request() {
  local args=(-s -o "$work_dir/body.json" -w '%{http_code}' --max-time 10 -X "$1" "$2")
  [[ -n "${3:-}" ]] && args+=(-H 'Content-Type: application/json' --data "$3")
  [[ -n "${4:-}" ]] && args+=(-H "Authorization: Bearer $4")
  curl "${args[@]}" || true
}

# body_field NAME: that field of the last response body (empty when missing).
body_field() {
  node -e 'const v = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"))[process.argv[2]]; if (v !== undefined) console.log(v);' \
    "$work_dir/body.json" "$1" 2>/dev/null || true
}

file_mode() {
  stat -c '%a' "$1" 2>/dev/null || stat -f '%Lp' "$1"
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
# The web application (built by `npm run build:web`, as `npm run demo` does) at /app/.
curl -s --max-time 5 "http://127.0.0.1:${port}/app/dashboard" | grep -q '<div id="root">' ||
  fail "/app/dashboard does not answer the web application's page"
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

api="http://127.0.0.1:${port}"
demo_password='beweging-is-de-sleutel'

# The demo's own secrets: kept in a file only its owner may read (and never printed: see below).
secrets_file="$work_dir/data/secrets.json"
[[ -f "$secrets_file" ]] || fail "the demo kept no secrets in ${secrets_file}"
[[ "$(file_mode "$secrets_file")" == 600 ]] ||
  fail "${secrets_file} has mode $(file_mode "$secrets_file"), not 600"

# A demo log-in works: HR's token opens /me.
status="$(request POST "$api/auth/login" "{\"email\":\"hr@demo.rtw\",\"password\":\"${demo_password}\"}")"
[[ "$status" == 200 ]] || fail "log-in as hr@demo.rtw answered ${status}, not 200"
token="$(body_field accessToken)"
[[ -n "$token" ]] || fail "log-in as hr@demo.rtw gave no access token"
status="$(request GET "$api/me" '' "$token")"
[[ "$status" == 200 && "$(body_field email)" == 'hr@demo.rtw' ]] ||
  fail "GET /me with HR's token answered ${status} $(cat "$work_dir/body.json")"

# The same claims signed with the built-in development secret (which anyone can read in the
# source) are refused.
dev_secret="$(sed -n "s/^const DEV_ACCESS_SECRET = '\(.*\)';\$/\1/p" src/config/config.ts)"
[[ -n "$dev_secret" ]] || fail "DEV_ACCESS_SECRET not found in src/config/config.ts"
forged="$(node -e '
  const [token, secret] = process.argv.slice(1);
  const signed = token.split(".").slice(0, 2).join(".");
  const signature = require("crypto").createHmac("sha256", secret).update(signed).digest("base64url");
  console.log(`${signed}.${signature}`);' "$token" "$dev_secret")"
status="$(request GET "$api/me" '' "$forged")"
[[ "$status" == 401 ]] ||
  fail "a token signed with the built-in development secret answered ${status}, not 401"

# The physiotherapist's second factor opens: the seed sealed its TOTP seed with the key the API has.
status="$(request POST "$api/auth/login" "{\"email\":\"physio@demo.rtw\",\"password\":\"${demo_password}\"}")"
challenge="$(body_field challengeToken)"
[[ "$status" == 200 && -n "$challenge" ]] ||
  fail "log-in as physio@demo.rtw answered ${status} without a challenge"
physio_secret="$(grep -o 'physio@demo.rtw .*TOTP secret [A-Z2-7]*' "$work_dir/demo.log" | grep -o '[A-Z2-7]*$' || true)"
[[ -n "$physio_secret" ]] || fail "the demo output shows no TOTP secret for physio@demo.rtw"
code="$(node dist/src/dev/totp-code.js "$physio_secret" | cut -d' ' -f1)"
status="$(request POST "$api/auth/mfa/verify" "{\"challengeToken\":\"${challenge}\",\"code\":\"${code}\"}")"
[[ "$status" == 200 && -n "$(body_field accessToken)" ]] ||
  fail "the physio's second factor answered ${status}, not 200 with tokens"

# The API and the worker are connected as the demo's runtime role: a member of rtw_runtime, not
# superuser, not the owner of audit_event. The demo says where its database is in demo.json.
demo_file="$work_dir/data/demo.json"
[[ -f "$demo_file" ]] || fail "the running demo wrote no ${demo_file}"
[[ "$(file_mode "$demo_file")" == 600 ]] || fail "${demo_file} has mode $(file_mode "$demo_file"), not 600"
node --input-type=module -e '
  import pg from "pg";
  import { readFileSync } from "node:fs";
  const { databaseUrl } = JSON.parse(readFileSync(process.argv[1], "utf8"));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const { rows: [role] } = await client.query(`
    SELECT r.rolname, r.rolsuper, pg_has_role(r.rolname, $1, $2) AS runtime,
           (SELECT tableowner FROM pg_tables WHERE tablename = $3) AS audit_owner
      FROM pg_roles r WHERE r.rolname = current_user`, ["rtw_runtime", "MEMBER", "audit_event"]);
  const { rows: sessions } = await client.query(`
    SELECT usename, application_name FROM pg_stat_activity
     WHERE datname = current_database() AND application_name IN ($1, $2)`, ["rtw", "rtw-watchdog"]);
  await client.end();
  const others = sessions.filter((s) => s.usename !== role.rolname);
  const problem =
    role.rolsuper ? `${role.rolname} is a superuser`
    : !role.runtime ? `${role.rolname} is not a member of rtw_runtime`
    : role.audit_owner === role.rolname ? `${role.rolname} owns audit_event`
    : !sessions.some((s) => s.application_name === "rtw") ? "no session of the API or the worker in pg_stat_activity"
    : others.length ? `sessions of the platform connected as ${[...new Set(others.map((s) => s.usename))].join(", ")}`
    : "";
  console.log(problem || `${role.rolname}, ${sessions.length} sessions`);
  process.exit(problem ? 1 : 0);' "$demo_file" >"$work_dir/check.txt" 2>&1 ||
  fail "the platform's database role: $(cat "$work_dir/check.txt")"
runtime_role="$(cut -d, -f1 "$work_dir/check.txt")"

# `npm run mails` finds the running demo's database by itself.
RTW_DATA_DIR="$work_dir/data" node dist/src/dev/mails.js HR@demo.rtw >"$work_dir/mails.txt" 2>&1 ||
  fail "npm run mails failed while the demo runs: $(head -n 3 "$work_dir/mails.txt")"

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
[[ ! -e "$demo_file" ]] || fail "${demo_file} is still there after the demo stopped"
# No secret the demo keeps appears anywhere in its output.
node -e '
  const fs = require("fs");
  const secrets = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  const log = fs.readFileSync(process.argv[2], "utf8");
  const printed = Object.keys(secrets).filter((name) => log.includes(secrets[name]));
  if (Object.keys(secrets).length < 4 || printed.length) {
    console.log(printed.length ? `the demo output shows ${printed.join(", ")}` : "too few secrets kept");
    process.exit(1);
  }' "$secrets_file" "$work_dir/demo.log" >"$work_dir/check.txt" || fail "$(cat "$work_dir/check.txt")"
mails_status=0
env -u DATABASE_URL RTW_DATA_DIR="$work_dir/data" node dist/src/dev/mails.js hr@demo.rtw \
  >"$work_dir/mails.txt" 2>&1 || mails_status=$?
[[ "$mails_status" != 0 && "$(wc -l <"$work_dir/mails.txt")" == 1 ]] &&
  grep -q 'No demo is running' "$work_dir/mails.txt" ||
  fail "npm run mails after the demo stopped: exit ${mails_status}, $(head -n 3 "$work_dir/mails.txt")"

echo "smoke-demo: OK: embedded PostgreSQL, API ready in ${ready_after} s, /docs 200, web application at /app/, own secrets (0600, not printed), development-signed token 401, log-in and second factor 200, platform connected as ${runtime_role}, npm run mails found the demo, SIGTERM stopped the demo (exit 0) and its $(wc -w <<<"$children") processes"
