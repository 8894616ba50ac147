#!/usr/bin/env bash
# Checks infra/haproxy/haproxy.cfg with the real HAProxy in front of two real Shuoshi
# nodes on this machine: it validates the file, starts two nodes (PostgreSQL + Redis,
# distinct ports and NODE_IDs), runs a copy of the file whose servers are those nodes on
# 127.0.0.1, and checks the routing with curl (and one WebSocket). Only the routing: the
# room directory's ROOM_ELSEWHERE is the nodes' business, not the balancer's.
#
#   npm ci && node infra/scripts/setup.mjs --for=test    # once
#   infra/haproxy/check.sh
#
# Needs haproxy (2.6 or later), curl, openssl, psql, socat, PostgreSQL and Redis. Settings:
#   CHECK_PG      PostgreSQL server URL without database (postgresql://postgres@127.0.0.1:5432);
#                 the script (re)creates the database shuoshi_haproxy_check there
#   REDIS_URL     redis://127.0.0.1:6379
#   CHECK_PORT    first of the ports it uses (18000): +80 HTTP, +443 HTTPS, +1..+3 the nodes,
#                 +100, +110, +120 their media
# Prints one line per check (ok / FAIL) and exits 1 if any failed. Kills only what it started.
set -uo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
CFG="$ROOT/infra/haproxy/haproxy.cfg"
PG="${CHECK_PG:-postgresql://postgres@127.0.0.1:5432}"
DB=shuoshi_haproxy_check
REDIS="${REDIS_URL:-redis://127.0.0.1:6379}"
BASE="${CHECK_PORT:-18000}"
HTTP=$((BASE + 80)) HTTPS=$((BASE + 443)) P1=$((BASE + 1)) P2=$((BASE + 2))
LB="https://127.0.0.1:$HTTPS"
WORK="$(mktemp -d /tmp/shuoshi-haproxy-check.XXXXXX)"
PIDS=()
declare -A PID # node id -> its process
FAILED=0

# shellcheck disable=SC2317 # (run by the trap)
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; FAILED=1; }
check() { local what="$1"; shift; if "$@"; then ok "$what"; else fail "$what"; fi; }
curl_lb() { curl -sk --max-time 15 "$@"; }

# --- the shipped file, as HAProxy reads it ---------------------------------------
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
  -keyout "$WORK/key.pem" -out "$WORK/cert.pem" 2>/dev/null
cat "$WORK/cert.pem" "$WORK/key.pem" > "$WORK/shuoshi.pem"
export SHUOSHI_TLS_CERT="$WORK/shuoshi.pem" HAPROXY_RUNTIME_SOCKET="$WORK/admin.sock"
export SHUOSHI_HTTP_BIND="127.0.0.1:$HTTP" SHUOSHI_HTTPS_BIND="127.0.0.1:$HTTPS"
# (app1 and app2 are Docker service names: unresolvable here, hence two warnings)
check "haproxy -c accepts infra/haproxy/haproxy.cfg ($(haproxy -v | head -1 | cut -d' ' -f3))" \
  haproxy -c -q -f "$CFG"

# --- two nodes ---------------------------------------------------------------------
PGOPTIONS="-c client_min_messages=warning" psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB" >/dev/null || { echo "cannot create $DB on $PG"; exit 1; }
SECRET="$(openssl rand -hex 24)"
start_node() { # id port mediaPort
  (cd "$ROOT" && exec env NODE_ID="$1" NODE_URL="$LB/?node=$1" PORT="$2" HOST=127.0.0.1 \
    DATABASE_URL="$PG/$DB" REDIS_URL="$REDIS" AUTH_SECRET="$SECRET" SEED_DEMO=false \
    DATA_DIR="$WORK/data" MEDIASOUP_PORT="$3" MEDIASOUP_NUM_WORKERS=1 TRUST_PROXY=127.0.0.1 \
    LOG_LEVEL=info node --import tsx signaling/src/main.ts >"$WORK/$1.log" 2>&1) &
  PIDS+=($!)
  PID[$1]=$!
}
wait_health() { # url seconds
  for _ in $(seq "$2"); do curl -fsk --max-time 2 -o /dev/null "$1" && return 0; sleep 1; done
  return 1
}
start_node app1 "$P1" $((BASE + 100))
wait_health "http://127.0.0.1:$P1/health" 120 || { echo "app1 did not start:"; tail -20 "$WORK/app1.log"; exit 1; }
start_node app2 "$P2" $((BASE + 110))
wait_health "http://127.0.0.1:$P2/health" 120 || { echo "app2 did not start:"; tail -20 "$WORK/app2.log"; exit 1; }
ok "two nodes up: app1 on :$P1, app2 on :$P2 (PostgreSQL $DB, Redis)"

# --- HAProxy in front of them (the same file, servers on 127.0.0.1) -----------------
sed -e "s/ app1:3000 / 127.0.0.1:$P1 /" -e "s/ app2:3000 / 127.0.0.1:$P2 /" "$CFG" > "$WORK/haproxy.cfg"
haproxy -W -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAPROXY_PID=$!
PIDS+=("$HAPROXY_PID")
wait_health "$LB/health" 30 || { echo "HAProxy did not answer:"; tail -20 "$WORK/haproxy.log"; exit 1; }

code=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "http://127.0.0.1:$HTTP/health")
check "plain HTTP is sent to HTTPS ($code)" test "${code%% *}" = 301
body=$(curl_lb -w ' %{http_code}' "$LB/health")
check "/health through the balancer: ${body##* } ${body:0:16}..." test "${body##* }" = 200 -a "${body:0:15}" = '{"status":"ok",'

# X-Forwarded-For: the node (TRUST_PROXY=127.0.0.1, the balancer) sees the client's own
# address (curl from 127.0.0.2), not the balancer's and not one the client forged
curl_lb -o /dev/null --interface 127.0.0.2 -H 'X-Forwarded-For: 203.0.113.66' "$LB/api/xff-check"
sleep 0.3
seen=$(cat "$WORK"/app*.log | grep '"url":"/api/xff-check"' | grep -o '"remoteAddress":"[^"]*"' | head -1 | cut -d'"' -f4)
check "a node sees the client's address through the balancer: ${seen:-nothing} (sent from 127.0.0.2 with a forged X-Forwarded-For: 203.0.113.66, ignored)" test "$seen" = 127.0.0.2

# sid → the node whose engine.io knows it (asked directly, not through the balancer; "6"
# is engine.io's noop packet: 200 from the node that holds the sid, 400 from the other)
owner() {
  local n
  for n in app1 app2 app3; do
    local port=$P1; [ $n = app2 ] && port=$P2; [ $n = app3 ] && port=${P3:-0}
    [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 -X POST --data 6 -H 'Content-Type: text/plain;charset=UTF-8' \
      "http://127.0.0.1:$port/socket.io/?EIO=4&transport=polling&sid=$1")" = 200 ] && { echo $n; return; }
  done
  echo none
}
handshake() { # extra curl args...; prints "sid cookie"
  local out
  out=$(curl_lb -D "$WORK/headers" "$@")
  local sid; sid=$(printf '%s' "$out" | sed -n 's/^0{"sid":"\([^"]*\)".*/\1/p')
  local cookie; cookie=$(sed -n 's/^[Ss]et-[Cc]ookie: SHUOSHI_NODE=\([^;]*\).*/\1/p' "$WORK/headers" | tr -d '\r')
  echo "${sid:-none} ${cookie:-none}"
}

polls() { # url cookie-args...: how many of 6 noop POSTs the node holding the sid accepted
  local url="$1" n=0; shift
  for _ in 1 2 3 4 5 6; do
    [ "$(curl_lb -o /dev/null -w '%{http_code}' "$@" -X POST --data 6 -H 'Content-Type: text/plain;charset=UTF-8' "$url")" = 200 ] && n=$((n + 1))
  done
  echo $n
}
for n in app2 app1 app2; do
  read -r sid _ < <(handshake "$LB/socket.io/?EIO=4&transport=polling&node=$n")
  who=$(owner "$sid")
  check "?node=$n polling handshake answered by $who (sid $sid)" test "$who" = "$n"
done
# engine.io repeats the URL's query on every request of the session: no cookie needed
good=$(polls "$LB/socket.io/?EIO=4&transport=polling&node=app2&sid=$sid")
check "?node=app2 long-polling session, no cookie: $good of 6 requests reached its node" test "$good" = 6

read -r sid _ < <(handshake -b SHUOSHI_NODE=app1 "$LB/socket.io/?EIO=4&transport=polling&node=app2")
who=$(owner "$sid")
check "?node=app2 wins over a cookie for app1: answered by $who" test "$who" = app2

# no ?node=: the cookie set on the handshake keeps the long-polling session on its node
read -r sid cookie < <(handshake "$LB/socket.io/?EIO=4&transport=polling")
good=$(polls "$LB/socket.io/?EIO=4&transport=polling&sid=$sid" -b "SHUOSHI_NODE=$cookie")
check "no ?node=: the cookie set on the handshake ($cookie) keeps its polling session there: $good of 6 requests found sid $sid" test "$cookie" != none -a "$good" = 6
good=$(polls "$LB/socket.io/?EIO=4&transport=polling&sid=$sid")
echo "info  the same 6 requests without the cookie: $((6 - good)) reached the other node (400: unknown sid)"

ws=$(cd "$ROOT" && node -e '
  const WebSocket = require("ws");
  const s = new WebSocket(process.argv[1], { rejectUnauthorized: false });
  const t = setTimeout(() => { console.log("timeout"); process.exit(0); }, 8000);
  s.on("message", (m) => { console.log(String(m).slice(0, 40)); clearTimeout(t); s.close(); });
  s.on("error", (e) => { console.log("error " + e.message); process.exit(0); });
' "wss://127.0.0.1:$HTTPS/socket.io/?EIO=4&transport=websocket&node=app2")
sleep 0.5 # HAProxy logs a tunnel when it closes
wslog=$(grep 'transport=websocket&node=app2' "$WORK/haproxy.log" | grep -o 'nodes/app[0-9]*' | tail -1)
check "WebSocket upgrade through the balancer to ?node=app2: '$ws' via ${wslog:-?}" \
  test "${ws:0:8}" = '0{"sid":' -a "$wslog" = nodes/app2

# the same over HTTP/2 (RFC 8441 extended CONNECT): what Chrome does when the page came over h2
h2ws=$(node -e '
  const http2 = require("node:http2");
  const [url, path] = process.argv.slice(1);
  const s = http2.connect(url, { rejectUnauthorized: false });
  const done = (m) => { console.log(m); process.exit(0); };
  setTimeout(() => done("timeout"), 8000);
  s.on("error", (e) => done("error " + e.message));
  s.on("remoteSettings", (st) => {
    if (!st.enableConnectProtocol) return done("no extended CONNECT");
    const req = s.request({ ":method": "CONNECT", ":protocol": "websocket", ":path": path, ":scheme": "https",
      ":authority": new URL(url).host, "sec-websocket-version": "13" });
    req.on("response", (h) => req.once("data", (d) => done(h[":status"] + " " + d.subarray(2).toString().slice(0, 30))));
  });
' "$LB" "/socket.io/?EIO=4&transport=websocket&node=app1&h2=1")
sleep 0.5
h2log=$(grep 'transport=websocket&node=app1&h2=1' "$WORK/haproxy.log" | grep -o 'nodes/app[0-9]*' | tail -1)
check "WebSocket over HTTP/2 through the balancer to ?node=app1: '$h2ws' via ${h2log:-?}" \
  test "${h2ws:0:12}" = '200 0{"sid":' -a "$h2log" = nodes/app1

# a node that goes away: ?node= naming it falls through to a live node
# (right after the kill, before the health checks notice, option redispatch does the same)
server_state() { # server -> HAProxy's operational state: 0 down, 2 up
  echo "show servers state nodes" | socat - "UNIX-CONNECT:$HAPROXY_RUNTIME_SOCKET" 2>/dev/null | awk -v s="$1" '$4 == s { print $6 }'
}
kill "${PID[app2]}"
for _ in $(seq 30); do [ "$(server_state app2)" = 0 ] && break; sleep 0.5; done
state=$(server_state app2)
read -r sid _ < <(handshake "$LB/socket.io/?EIO=4&transport=polling&node=app2")
who=$(owner "$sid")
check "app2 stopped, marked down by the health checks (state $state): ?node=app2 is answered by $who" test "$state" = 0 -a "$who" = app1
body=$(curl_lb -o /dev/null -w '%{http_code}' "$LB/health")
check "/health through the balancer with one node left: $body" test "$body" = 200

# adding a node: start it, add its server line, reload HAProxy in master-worker mode
# (what 'docker compose kill -s SIGUSR2 haproxy' and Debian's 'systemctl reload haproxy' do)
P3=$((BASE + 3))
start_node app3 "$P3" $((BASE + 120))
wait_health "http://127.0.0.1:$P3/health" 120 || { echo "app3 did not start:"; tail -20 "$WORK/app3.log"; exit 1; }
sed -i "/^    server app2 /a\\    server app3 127.0.0.1:$P3 cookie app3" "$WORK/haproxy.cfg"
haproxy -c -q -f "$WORK/haproxy.cfg" && kill -USR2 "$HAPROXY_PID"
for _ in $(seq 30); do [ "$(server_state app3)" = 2 ] && break; sleep 0.5; done
read -r sid _ < <(handshake "$LB/socket.io/?EIO=4&transport=polling&node=app3")
who=$(owner "$sid")
check "app3 added (server line + SIGUSR2 reload): ?node=app3 answered by $who" test "$who" = app3
body=$(curl_lb -o /dev/null -w '%{http_code}' "$LB/health")
check "/health through the reloaded balancer: $body" test "$body" = 200

echo "--- HAProxy's log of the socket.io requests (which server took each) ---"
grep '/socket.io/' "$WORK/haproxy.log" | sed -E 's/.* (nodes\/[^ ]+) [^ ]+ ([0-9]{3}) .*"([A-Z]+) (https:\/\/[^/]+)?([^ ]+) .*/  \1 \2 \3 \5/' | sed -n '1,40p'
psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1
[ $FAILED = 0 ] && echo "all checks passed" || echo "some checks FAILED (logs were in $WORK)"
exit $FAILED
