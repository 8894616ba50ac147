// k6 load script for an operator's own deployment (k6 is not on npm nor in Debian,
// so it cannot run on the development machines; `npm run bench:api` measures the
// same requests with autocannon there).
//
//   k6 run -e BASE_URL=https://shuoshi.example.gov.cn -e USERNAME=mediator.qingshan \
//          -e PASSWORD=... infra/k6/api.js
//
// Each virtual user signs in once, then lists its township's open cases and reads the
// statistics, as a mediator's console does.
import http from 'k6/http';
import { check, sleep } from 'k6';

const BASE = __ENV.BASE_URL || 'http://localhost:3000';

export const options = {
  scenarios: {
    consoles: { executor: 'ramping-vus', startVUs: 1, stages: [{ duration: '30s', target: 20 }, { duration: '1m', target: 20 }, { duration: '10s', target: 0 }] },
  },
  thresholds: {
    'http_req_duration{name:list}': ['p(95)<50'],
    'http_req_duration{name:stats}': ['p(95)<50'],
    http_req_failed: ['rate<0.01'],
  },
};

export function setup() {
  const res = http.post(`${BASE}/api/auth/login`, JSON.stringify({ username: __ENV.USERNAME, password: __ENV.PASSWORD }), {
    headers: { 'content-type': 'application/json' },
  });
  check(res, { 'signed in': (r) => r.status === 200 });
  return { token: res.json('accessToken') };
}

export default function (data) {
  const headers = { authorization: `Bearer ${data.token}` };
  const list = http.get(`${BASE}/api/cases?open=true&pageSize=20`, { headers, tags: { name: 'list' } });
  check(list, { 'list 200': (r) => r.status === 200 });
  const stats = http.get(`${BASE}/api/statistics`, { headers, tags: { name: 'stats' } });
  check(stats, { 'stats 200': (r) => r.status === 200 });
  sleep(1);
}
