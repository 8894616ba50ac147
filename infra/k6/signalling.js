// k6 load script for an operator's deployment: many people in live rooms at once, the
// signalling only (no media). How to run it and the users it needs: infra/k6/README.md.
//
//   k6 run -e NODES=https://node1.example.gov.cn,https://node2.example.gov.cn \
//          -e SOCKETS=2000 -e RATE=50 -e PASSWORD=… infra/k6/signalling.js
//
// setup(): every person signs in once (the township mediators and lawyers `npm run db:seed`
// creates); each mediator, through the API, schedules and starts mediations of an open case
// of their township, one per room of 8, inviting the county's four lawyers and three other
// mediators (all admitted without a lobby); then each of a room's eight asks the API for
// their own join token, on the node the seat will come in by. Signing in is not in the
// measured part: an argon2 hash per seat would load the nodes more than the signalling.
// Then seats arrive at RATE per second (one k6 iteration each, room after room, home nodes
// NODES taken in turn): a seat opens socket.io v4 over a WebSocket (engine.io v4 framing: `0{…}`
// open, `40` namespace connect, `42<id>[…]` request, `43<id>[…]` ack, `2`/`3` ping/pong)
// and sends `join`. A room that lives on another node answers ROOM_ELSEWHERE with
// `moveTo`: the seat reconnects there and joins again, as the web client does; the move
// is part of `join_ack`. Seated, it sends a cheap request (setRenderedSize of a consumer it
// does not have: answered NOT_FOUND from memory) every EVERY seconds, stays until every
// seat has been seated for HOLD seconds, then leaves (`leave_ack`).
// k6 0.46: no object spread in this file.
import http from 'k6/http';
import ws from 'k6/ws';
import exec from 'k6/execution';
import { check, fail } from 'k6';
import { Counter, Rate, Trend } from 'k6/metrics';

const NODES = (__ENV.NODES || 'http://localhost:3000').split(',').map((u) => u.replace(/\/$/, ''));
const SOCKETS = Number(__ENV.SOCKETS || 2000);
const RATE = Number(__ENV.RATE || 50);
const EVERY_S = Number(__ENV.EVERY || 5);
const HOLD_S = Number(__ENV.HOLD || 30);
const PASSWORD = __ENV.PASSWORD || 'shuoshi-demo';
const HOSTS = (__ENV.HOSTS || 'mediator.qinghe.1,mediator.qinghe.2,mediator.qinghe.3,mediator.shiqiao.1,mediator.shiqiao.2,mediator.shiqiao.3').split(',');
const LAWYERS = (__ENV.LAWYERS || 'lawyer.1,lawyer.2,lawyer.3,lawyer.4').split(',');
const ROOM_SIZE = 8;
const ROOMS = Math.ceil(SOCKETS / ROOM_SIZE);
/** The arrivals last exactly long enough for one iteration per seat. */
const RAMP_MS = Math.round((1000 * ROOMS * ROOM_SIZE) / RATE);
const MAX_HOPS = 5;

const joinAck = new Trend('join_ack', true);
const requestAck = new Trend('request_ack', true);
const leaveAck = new Trend('leave_ack', true);
const seated = new Rate('seated');
const moved = new Counter('moved');

export const options = {
  setupTimeout: '10m',
  scenarios: {
    seats: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: `${RAMP_MS}ms`,
      // one VU per seat (k6/ws holds its VU while the socket is open), and a spare for an arrival that rounds up
      preAllocatedVUs: ROOMS * ROOM_SIZE + 2,
      maxVUs: ROOMS * ROOM_SIZE + 2,
      gracefulStop: `${HOLD_S + 120}s`,
    },
  },
  thresholds: {
    join_ack: ['p(95)<50'],
    // shown apart: joins that reached the room's node first, and those that followed it there
    'join_ack{moved:no}': ['p(95)<50'],
    'join_ack{moved:yes}': ['p(95)<50'],
    request_ack: ['p(95)<50'],
    seated: ['rate>0.99'],
    checks: ['rate>0.99'],
  },
};

function post(base, path, body, token, name) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json'; // an empty body must not claim to be JSON
  if (token) headers.authorization = `Bearer ${token}`;
  return http.post(`${base}/api${path}`, body === undefined ? null : JSON.stringify(body), { headers: headers, tags: { name: name } });
}

/** Signs `username` in on `base`; the token pair's body, checked. */
function signIn(base, username) {
  const res = post(base, '/auth/login', { username: username, password: PASSWORD }, null, 'login');
  const body = res.status === 200 ? res.json() : null;
  const ok = check(res, {
    'sign-in: 200': (r) => r.status === 200,
    'sign-in: an access token and who I am': () => body !== null && typeof body.accessToken === 'string' && body.staff && typeof body.staff.id === 'string',
  });
  if (!ok) fail(`${username} cannot sign in (${res.status}): run \`npm run db:seed\` on the deployment's database, or give HOSTS=, LAWYERS= and PASSWORD=`);
  return body;
}

/** The people of room `r`: its host (a township mediator) first, then the seven invited. */
function peopleOf(r) {
  const h = r % HOSTS.length;
  const others = [];
  for (let k = 1; others.length < ROOM_SIZE - 1 - LAWYERS.length && k < HOSTS.length; k++) others.push(HOSTS[(h + k) % HOSTS.length]);
  return [HOSTS[h]].concat(LAWYERS.slice(0, ROOM_SIZE - 1), others).slice(0, ROOM_SIZE);
}

export function setup() {
  const ids = {};
  const tokens = {};
  const hosts = {};
  for (const u of HOSTS.concat(LAWYERS)) {
    const me = signIn(NODES[0], u);
    ids[u] = me.staff.id;
    tokens[u] = me.accessToken;
    if (HOSTS.indexOf(u) >= 0) hosts[u] = me;
  }
  // one open case of each host's township to mediate
  const caseOf = {};
  for (const u of HOSTS) {
    const res = http.get(`${NODES[0]}/api/cases?open=true&pageSize=1`, { headers: { authorization: `Bearer ${hosts[u].accessToken}` }, tags: { name: 'cases' } });
    const page = res.status === 200 ? res.json() : null;
    if (!check(res, { 'cases: an open case of my township': () => page !== null && page.items.length === 1 && page.items[0].townshipId === hosts[u].staff.townshipId })) fail(`${u} has no open case`);
    caseOf[u] = page.items[0].id;
  }
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) {
    const people = peopleOf(r);
    const host = hosts[people[0]];
    const base = NODES[r % NODES.length];
    const s = post(base, '/sessions', { kind: 'MEDIATION', caseId: caseOf[people[0]], staffIds: people.slice(1).map((u) => ids[u]) }, host.accessToken, 'schedule');
    const session = s.status === 201 ? s.json() : null;
    if (!check(s, { 'schedule: 201 and a room': () => session !== null && typeof session.id === 'string' && typeof session.roomId === 'string' })) fail(`cannot schedule a session (${s.status}): ${s.body}`);
    const started = post(base, `/sessions/${session.id}/start`, undefined, host.accessToken, 'start');
    if (!check(started, { 'start: 200': (x) => x.status === 200 })) fail(`cannot start the session (${started.status})`);
    // each seat's person asks for their own join token on the seat's home node (seat i of the test comes in by NODES[i mod n])
    const asks = people.map((u, k) => {
      const seat = r * ROOM_SIZE + k;
      return ['POST', `${NODES[seat % NODES.length]}/api/sessions/${session.id}/join-token`, null, { headers: { authorization: `Bearer ${tokens[u]}` }, tags: { name: 'join-token' } }];
    });
    const answers = http.batch(asks);
    const seats = answers.map((res, k) => {
      const j = res.status === 200 ? res.json() : null;
      if (!check(res, { 'join-token: a token for this room, admitted': () => j !== null && typeof j.token === 'string' && j.roomId === session.roomId && j.autoAdmit === true })) fail(`${people[k]} got no join token (${res.status}): ${res.body}`);
      return j.token;
    });
    rooms.push({ seats: seats });
  }
  return { rooms: rooms, until: Date.now() + RAMP_MS + HOLD_S * 1000 };
}

/** One socket on `base` until it closes: joins (or is sent on: the answer's moveTo), then requests until `until`, then leaves. `timing.t0`: the first join's emit. */
function connect(base, token, timing, until) {
  const out = { moveTo: null, seated: false };
  const url = `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  const res = ws.connect(url, null, function (socket) {
    let nextId = 0;
    const pending = {};
    const request = (name, payload, onAck) => {
      const id = nextId++;
      pending[id] = onAck;
      socket.send(`42${id}${JSON.stringify([name, payload])}`);
    };
    const cheap = () => {
      const sent = Date.now();
      request('setRenderedSize', { consumerId: 'k6-no-such-consumer', width: 320, height: 180 }, (ack) => {
        if (check(ack, { 'request: answered': (a) => a.ok === true || (a.error && a.error.code === 'NOT_FOUND') })) requestAck.add(Date.now() - sent);
      });
    };
    const leave = () => {
      const sent = Date.now();
      request('leave', {}, (ack) => {
        check(ack, { 'leave: ok': (a) => a.ok === true });
        leaveAck.add(Date.now() - sent);
        socket.close();
      });
    };
    socket.on('message', (m) => {
      if (m === '2') return socket.send('3'); // engine.io ping → pong
      if (m[0] === '0') return socket.send('40'); // engine.io open → connect the default namespace
      if (m.indexOf('40') === 0) {
        // namespace connected: join (the first emit starts the seat's join time)
        if (!timing.t0) timing.t0 = Date.now();
        return request('join', { token: token }, (ack) => {
          if (ack.ok) {
            joinAck.add(Date.now() - timing.t0, { moved: timing.hops > 0 ? 'yes' : 'no' });
            out.seated = true;
            socket.setTimeout(() => {
              cheap();
              socket.setInterval(cheap, EVERY_S * 1000);
            }, Math.random() * EVERY_S * 1000);
            socket.setTimeout(leave, Math.max(0, until - Date.now()));
          } else if (ack.error && ack.error.code === 'ROOM_ELSEWHERE' && ack.error.moveTo) {
            out.moveTo = ack.error.moveTo;
            socket.close();
          } else {
            check(ack, { 'join: seated': () => false });
            socket.close();
          }
        });
      }
      if (m.indexOf('43') === 0) {
        const at = m.indexOf('[');
        const id = Number(m.slice(2, at));
        const cb = pending[id];
        delete pending[id];
        if (cb) cb(JSON.parse(m.slice(at))[0]);
      }
      if (m.indexOf('44') === 0) {
        check(m, { 'namespace: connected': () => false });
        socket.close();
      }
    });
  });
  check(res, { 'websocket: upgraded': (r) => r && r.status === 101 });
  return out;
}

export default function (data) {
  const i = exec.scenario.iterationInTest;
  const room = data.rooms[Math.floor(i / ROOM_SIZE)];
  if (!room) return;
  const timing = { t0: 0, hops: 0 };
  let base = NODES[i % NODES.length];
  for (let hops = 0; hops <= MAX_HOPS; hops++) {
    const r = connect(base, room.seats[i % ROOM_SIZE], timing, data.until);
    if (r.seated || !r.moveTo) {
      seated.add(r.seated);
      return;
    }
    moved.add(1);
    timing.hops++;
    base = r.moveTo;
  }
  seated.add(false);
}
