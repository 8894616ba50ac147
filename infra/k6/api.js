// k6 load script for an operator's own deployment: a township mediator's console (the
// open-case list and the statistics) under many consoles at once. How to run it, and
// the users it needs: infra/k6/README.md.
//
//   k6 run -e BASE_URL=https://shuoshi.example.gov.cn -e PASSWORD=… infra/k6/api.js
//
// Each virtual user signs in itself, as one of the township mediators `npm run db:seed`
// creates (mediator.qinghe.1…3, mediator.shiqiao.1…3; USERS= overrides the list), and
// refreshes its access token (POST /api/auth/refresh) before its 15-minute lifetime ends,
// so a run may last hours. Every response's body is checked, not only its status.
// k6 0.46: no object spread in this file.
import http from 'k6/http';
import { check, fail, sleep } from 'k6';

const BASE = __ENV.BASE_URL || 'http://localhost:3000';
const PASSWORD = __ENV.PASSWORD || 'shuoshi-demo';
const USERS = (__ENV.USERS || 'mediator.qinghe.1,mediator.qinghe.2,mediator.qinghe.3,mediator.shiqiao.1,mediator.shiqiao.2,mediator.shiqiao.3').split(',');
/** Refresh this long before the access token expires (its lifetime is 15 minutes; REFRESH_AHEAD_S=890 refreshes every 10 s, to see it work). */
const REFRESH_AHEAD_MS = Number(__ENV.REFRESH_AHEAD_S || 60) * 1000;
const JSON_HEADERS = { 'content-type': 'application/json' };

export const options = {
  scenarios: {
    consoles: {
      executor: 'ramping-vus',
      startVUs: 1,
      stages: [
        { duration: __ENV.RAMP || '30s', target: Number(__ENV.VUS || 20) },
        { duration: __ENV.HOLD || '1m', target: Number(__ENV.VUS || 20) },
        { duration: '10s', target: 0 },
      ],
    },
  },
  thresholds: {
    'http_req_duration{name:list}': ['p(95)<50'],
    'http_req_duration{name:stats}': ['p(95)<50'],
    http_req_failed: ['rate<0.01'],
    checks: ['rate>0.99'],
  },
};

// this VU's sign-in (each VU has its own copy of module state)
let session = null;

function keep(res, what) {
  const body = res.status === 200 ? res.json() : null;
  const ok = check(res, {
    [`${what}: 200`]: (r) => r.status === 200,
    [`${what}: a token pair`]: () => body !== null && typeof body.accessToken === 'string' && typeof body.refreshToken === 'string' && !Number.isNaN(Date.parse(body.accessTokenExpiresAt)),
    [`${what}: a township mediator`]: () => body !== null && body.staff && body.staff.role === 'TOWNSHIP_MEDIATOR' && typeof body.staff.townshipId === 'string',
  });
  if (!ok) return null;
  return { access: body.accessToken, refresh: body.refreshToken, expiresAt: Date.parse(body.accessTokenExpiresAt), townshipId: body.staff.townshipId };
}

function signIn() {
  const username = USERS[(__VU - 1) % USERS.length];
  const res = http.post(`${BASE}/api/auth/login`, JSON.stringify({ username: username, password: PASSWORD }), { headers: JSON_HEADERS, tags: { name: 'login' } });
  const s = keep(res, 'sign-in');
  if (!s) fail(`${username} cannot sign in (${res.status}): run \`npm run db:seed\` on the deployment's database, or give USERS= and PASSWORD=`);
  return s;
}

function refresh() {
  const res = http.post(`${BASE}/api/auth/refresh`, JSON.stringify({ refreshToken: session.refresh }), { headers: JSON_HEADERS, tags: { name: 'refresh' } });
  return keep(res, 'refresh') || signIn();
}

/** This VU's access token: signs in on its first iteration, refreshes a minute before it expires. */
function accessToken() {
  if (!session) session = signIn();
  else if (Date.now() > session.expiresAt - REFRESH_AHEAD_MS) session = refresh();
  return session.access;
}

export default function () {
  const headers = { authorization: `Bearer ${accessToken()}` };
  const list = http.get(`${BASE}/api/cases?open=true&pageSize=20`, { headers: headers, tags: { name: 'list' } });
  const page = list.status === 200 ? list.json() : null;
  check(list, {
    'list: 200': (r) => r.status === 200,
    'list: a page of at most 20': () => page !== null && Array.isArray(page.items) && page.items.length <= 20 && typeof page.total === 'number',
    'list: open cases of my township': () => page !== null && page.items.every((c) => c.status !== 'CLOSED' && c.townshipId === session.townshipId),
  });
  const stats = http.get(`${BASE}/api/statistics`, { headers: headers, tags: { name: 'stats' } });
  const s = stats.status === 200 ? stats.json() : null;
  check(stats, {
    'stats: 200': (r) => r.status === 200,
    'stats: totals for my township': () => s !== null && s.filters && s.filters.townshipId === session.townshipId && s.totals && typeof s.totals.cases === 'number',
  });
  sleep(1);
}
