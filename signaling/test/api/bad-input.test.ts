import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StaffKey } from './fixture';
import { mode, startApiTest, type ApiTest } from './helpers';

/**
 * Bad input on every route: a clear 4xx with a code (never a 500), and nothing
 * written (every table's row count is the same before and after).
 */
const NOPE = '00000000-0000-7000-8000-000000000000';

interface Row {
  what: string;
  as?: StaffKey | 'none';
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: (w: World) => string;
  body?: (w: World) => unknown;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** status, and code when it is not the schema's VALIDATION_FAILED */
  status: number;
  code?: string;
}
interface World {
  caseId: string;
  sessionId: string;
  outcomeId: string;
  followUpId: string;
  consultationId: string;
  org: ApiTest['org'];
}

const V = 'VALIDATION_FAILED';
const caseBody = (w: World, over: Record<string, unknown> = {}) => ({
  category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '邻里纠纷', parties: [{ partyId: w.org.parties.p1, side: 'A' }], ...over,
});

const ROWS: Row[] = [
  // auth
  { what: 'login without a body', as: 'none', method: 'POST', url: () => '/api/auth/login', status: 400, code: V },
  { what: 'login with an empty JSON body', as: 'none', method: 'POST', url: () => '/api/auth/login', body: () => '', status: 400, code: 'FST_ERR_CTP_EMPTY_JSON_BODY' },
  { what: 'login with an empty username', as: 'none', method: 'POST', url: () => '/api/auth/login', body: () => ({ username: '', password: 'x' }), status: 400, code: V },
  { what: 'login with a number for a password', as: 'none', method: 'POST', url: () => '/api/auth/login', body: () => ({ username: 'admin', password: { a: 1 } }), status: 400, code: V },
  { what: 'login with broken JSON', as: 'none', method: 'POST', url: () => '/api/auth/login', body: () => '{"username":', status: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' },
  { what: 'refresh without a token', as: 'none', method: 'POST', url: () => '/api/auth/refresh', body: () => ({}), status: 400, code: V },
  { what: 'refresh with a short token', as: 'none', method: 'POST', url: () => '/api/auth/refresh', body: () => ({ refreshToken: 'abc' }), status: 400, code: V },
  { what: 'logout without a token', as: 'none', method: 'POST', url: () => '/api/auth/logout', body: () => ({ token: 'x' }), status: 400, code: V },
  { what: 'invite code of 5 digits', as: 'none', method: 'POST', url: () => '/api/auth/invite-code', body: (w) => ({ sessionId: w.sessionId, code: '12345' }), status: 400, code: V },
  { what: 'invite code with letters', as: 'none', method: 'POST', url: () => '/api/auth/invite-code', body: (w) => ({ sessionId: w.sessionId, code: '12a456' }), status: 400, code: V },
  { what: 'invite code for a non-uuid session', as: 'none', method: 'POST', url: () => '/api/auth/invite-code', body: () => ({ sessionId: 'session-1', code: '123456' }), status: 400, code: V },
  { what: 'me with a malformed Authorization', as: 'none', method: 'GET', url: () => '/api/auth/me', headers: { authorization: 'Basic YWRtaW46YWRtaW4=' }, status: 401, code: 'TOKEN_INVALID' },
  // organisation and devices
  { what: 'talk rooms of an unknown kind', method: 'GET', url: () => '/api/talk-rooms', query: { kind: 'CASTLE' }, status: 400, code: V },
  { what: 'talk rooms page 0', method: 'GET', url: () => '/api/talk-rooms', query: { page: '0' }, status: 400, code: V },
  { what: 'talk rooms pageSize 1000', method: 'GET', url: () => '/api/talk-rooms', query: { pageSize: '1000' }, status: 400, code: V },
  { what: 'talk rooms with an unknown filter', method: 'GET', url: () => '/api/talk-rooms', query: { townshipId: 'x' }, status: 400, code: V },
  { what: 'talk room with a bad id', method: 'GET', url: () => '/api/talk-rooms/42', status: 400, code: V },
  { what: 'talk room that does not exist', method: 'GET', url: () => `/api/talk-rooms/${NOPE}`, status: 404, code: 'NOT_FOUND' },
  { what: 'enrol a device with an empty label', as: 'operator1', method: 'POST', url: (w) => `/api/talk-rooms/${w.org.rooms.v1a}/devices`, body: () => ({ label: '' }), status: 400, code: V },
  { what: 'enrol a device with a 65-character label', as: 'operator1', method: 'POST', url: (w) => `/api/talk-rooms/${w.org.rooms.v1a}/devices`, body: () => ({ label: 'x'.repeat(65) }), status: 400, code: V },
  { what: 'enrol a device of an unknown room', as: 'operator1', method: 'POST', url: () => `/api/talk-rooms/${NOPE}/devices`, body: () => ({}), status: 404, code: 'NOT_FOUND' },
  { what: 'list devices of a bad id', as: 'operator1', method: 'GET', url: () => '/api/talk-rooms/x/devices', status: 400, code: V },
  { what: 'revoke a bad device id', as: 'operator1', method: 'DELETE', url: (w) => `/api/talk-rooms/${w.org.rooms.v1a}/devices/x`, status: 400, code: V },
  { what: 'revoke an unknown device', as: 'operator1', method: 'DELETE', url: (w) => `/api/talk-rooms/${w.org.rooms.v1a}/devices/${NOPE}`, status: 404, code: 'NOT_FOUND' },
  // county administration
  { what: 'township with an empty name', as: 'admin', method: 'POST', url: () => '/api/townships', body: () => ({ name: '' }), status: 400, code: V },
  { what: 'township with a code of letters', as: 'admin', method: 'POST', url: () => '/api/townships', body: () => ({ name: '某镇', code: 'abc' }), status: 400, code: V },
  { what: 'rename a township with a bad id', as: 'admin', method: 'PATCH', url: () => '/api/townships/x', body: () => ({ name: '某镇' }), status: 400, code: V },
  { what: 'patch a township with nothing', as: 'admin', method: 'PATCH', url: (w) => `/api/townships/${w.org.townships.t1}`, body: () => ({}), status: 400, code: V },
  { what: 'rename an unknown township', as: 'admin', method: 'PATCH', url: () => `/api/townships/${NOPE}`, body: () => ({ name: '某镇' }), status: 404, code: 'NOT_FOUND' },
  { what: 'village of an unknown township', as: 'admin', method: 'POST', url: () => '/api/villages', body: () => ({ townshipId: NOPE, name: '某村' }), status: 400, code: 'UNKNOWN_TOWNSHIP' },
  { what: 'deactivate a village with a string', as: 'admin', method: 'PATCH', url: (w) => `/api/villages/${w.org.villages.v1a}`, body: () => ({ active: 'no' }), status: 400, code: V },
  { what: 'talk room of an unknown kind', as: 'admin', method: 'POST', url: () => '/api/talk-rooms', body: () => ({ kind: 'CASTLE', name: '某室' }), status: 400, code: V },
  { what: 'village talk room without a village', as: 'admin', method: 'POST', url: () => '/api/talk-rooms', body: () => ({ kind: 'VILLAGE_TALK_ROOM', name: '某室' }), status: 400, code: 'JURISDICTION_MISMATCH' },
  { what: 'deactivate an unknown talk room', as: 'admin', method: 'PATCH', url: () => `/api/talk-rooms/${NOPE}`, body: () => ({ active: false }), status: 404, code: 'NOT_FOUND' },
  { what: 'staff accounts of an unknown role', as: 'admin', method: 'GET', url: () => '/api/staff-accounts', query: { role: 'KING' }, status: 400, code: V },
  { what: 'staff with a username with a space', as: 'admin', method: 'POST', url: () => '/api/staff', body: () => ({ username: 'a b', displayName: '某人', role: 'COUNTY_ADMIN' }), status: 400, code: V },
  { what: 'a mediator without a township', as: 'admin', method: 'POST', url: () => '/api/staff', body: () => ({ username: 'no.place', displayName: '某人', role: 'TOWNSHIP_MEDIATOR' }), status: 400, code: 'JURISDICTION_MISMATCH' },
  { what: 'reset the password of a bad staff id', as: 'admin', method: 'POST', url: () => '/api/staff/x/reset-password', status: 400, code: V },
  { what: 'disable a bad staff id', as: 'admin', method: 'POST', url: () => '/api/staff/x/disable', status: 400, code: V },
  { what: 'enable an unknown staff account', as: 'admin', method: 'POST', url: () => `/api/staff/${NOPE}/enable`, status: 404, code: 'NOT_FOUND' },
  // cases
  { what: 'cases of an unknown status', method: 'GET', url: () => '/api/cases', query: { status: 'SOLVED' }, status: 400, code: V },
  { what: 'cases from 2026-13-45', method: 'GET', url: () => '/api/cases', query: { from: '2026-13-45' }, status: 400, code: 'INVALID_PERIOD' },
  { what: 'cases from after to', method: 'GET', url: () => '/api/cases', query: { from: '2026-05-01', to: '2026-04-01' }, status: 400, code: 'INVALID_PERIOD' },
  { what: 'cases open=maybe', method: 'GET', url: () => '/api/cases', query: { open: 'maybe' }, status: 400, code: V },
  { what: 'case with a bad id', method: 'GET', url: () => '/api/cases/123', status: 400, code: V },
  { what: 'case that does not exist', method: 'GET', url: () => `/api/cases/${NOPE}`, status: 404, code: 'NOT_FOUND' },
  { what: 'open a case without a category', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { category: undefined }), status: 400, code: V },
  { what: 'open a case of an unknown category', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { category: 'WITCHCRAFT' }), status: 400, code: V },
  { what: 'open a case with a blank description', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { description: '   ' }), status: 400, code: V },
  { what: 'open a case with 2001 characters', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { description: '字'.repeat(2001) }), status: 400, code: V },
  { what: 'open a case without parties', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { parties: [] }), status: 400, code: V },
  { what: 'open a case with a bad side', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { parties: [{ partyId: w.org.parties.p1, side: 'C' }] }), status: 400, code: V },
  { what: 'open a case with an unknown party', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { parties: [{ partyId: NOPE, side: 'A' }] }), status: 400, code: 'UNKNOWN_PARTY' },
  { what: 'open a case listing a party twice', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p1, side: 'B' }] }), status: 400, code: 'DUPLICATE_PARTY' },
  { what: 'open a case in an unknown village', as: 'operator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { villageId: NOPE }), status: 400, code: 'UNKNOWN_VILLAGE' },
  { what: 'open a case in a village of another township', as: 'mediator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { villageId: w.org.villages.v2a, townshipId: w.org.townships.t1 }), status: 400, code: 'UNKNOWN_VILLAGE' },
  { what: 'open a case in an unknown township', as: 'mediator1', method: 'POST', url: () => '/api/cases', body: (w) => caseBody(w, { townshipId: NOPE }), status: 400, code: 'UNKNOWN_TOWNSHIP' },
  { what: 'open a case as text/plain', as: 'operator1', method: 'POST', url: () => '/api/cases', body: () => 'category=NEIGHBOUR', headers: { 'content-type': 'text/plain' }, status: 400, code: V },
  { what: 'open a case as XML', as: 'operator1', method: 'POST', url: () => '/api/cases', body: () => '<case/>', headers: { 'content-type': 'application/xml' }, status: 415 },
  { what: 'move to an unknown status', method: 'POST', url: (w) => `/api/cases/${w.caseId}/transitions`, body: () => ({ to: 'DONE' }), status: 400, code: V },
  { what: 'move without a status', method: 'POST', url: (w) => `/api/cases/${w.caseId}/transitions`, body: () => ({}), status: 400, code: V },
  { what: 'move an unknown case', method: 'POST', url: () => `/api/cases/${NOPE}/transitions`, body: () => ({ to: 'IN_MEDIATION' }), status: 404, code: 'NOT_FOUND' },
  { what: 'refer to an unknown level', method: 'POST', url: (w) => `/api/cases/${w.caseId}/referrals`, body: () => ({ toLevel: 'PROVINCE', reason: 'x' }), status: 400, code: V },
  { what: 'refer without a reason', method: 'POST', url: (w) => `/api/cases/${w.caseId}/referrals`, body: () => ({ toLevel: 'TOWNSHIP' }), status: 400, code: V },
  { what: 'refer up naming a village', method: 'POST', url: (w) => `/api/cases/${w.caseId}/referrals`, body: (w) => ({ toLevel: 'TOWNSHIP', toVillageId: w.org.villages.v1a, reason: 'x' }), status: 400, code: 'INVALID_REFERRAL_TARGET' },
  // parties
  { what: 'register a party with a bad ID check character', method: 'POST', url: () => '/api/parties', body: () => ({ name: '张三', idNumber: '110105194912310021' }), status: 400, code: 'INVALID_ID_NUMBER' },
  { what: 'register a party born on 1949-02-30', method: 'POST', url: () => '/api/parties', body: () => ({ name: '张三', idNumber: '110105194902300029' }), status: 400, code: 'INVALID_ID_NUMBER' },
  { what: 'register a party without a name', method: 'POST', url: () => '/api/parties', body: () => ({ name: '' }), status: 400, code: V },
  { what: 'register a party with letters for a phone', method: 'POST', url: () => '/api/parties', body: () => ({ name: '张三', phone: 'call me' }), status: 400, code: V },
  { what: 'register a party of an unknown village', method: 'POST', url: () => '/api/parties', body: () => ({ name: '张三', villageId: NOPE }), status: 400, code: 'UNKNOWN_VILLAGE' },
  { what: 'look up an invalid ID number', method: 'POST', url: () => '/api/parties/lookup', body: () => ({ idNumber: '123456789012345678' }), status: 400, code: 'INVALID_ID_NUMBER' },
  { what: 'look up without an ID number', method: 'POST', url: () => '/api/parties/lookup', body: () => ({}), status: 400, code: V },
  // sessions
  { what: 'schedule a session of an unknown kind', method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'PARTY', caseId: w.caseId }), status: 400, code: V },
  { what: 'schedule a mediation without a case', method: 'POST', url: () => '/api/sessions', body: () => ({ kind: 'MEDIATION' }), status: 400, code: V },
  { what: 'schedule at "tomorrow"', method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'MEDIATION', caseId: w.caseId, scheduledAt: 'tomorrow' }), status: 400, code: V },
  { what: 'schedule with an unknown talk room', method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'MEDIATION', caseId: w.caseId, talkRoomIds: [NOPE] }), status: 400, code: 'UNKNOWN_TALK_ROOM' },
  { what: "schedule with another county's talk room", method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'MEDIATION', caseId: w.caseId, talkRoomIds: [w.org.rooms.vB] }), status: 400, code: 'UNKNOWN_TALK_ROOM' },
  { what: 'schedule with a party not in the case', method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'MEDIATION', caseId: w.caseId, partyIds: [w.org.parties.p3] }), status: 400, code: 'PARTY_NOT_IN_CASE' },
  { what: 'schedule with unknown staff', method: 'POST', url: () => '/api/sessions', body: (w) => ({ kind: 'MEDIATION', caseId: w.caseId, staffIds: [NOPE] }), status: 400, code: 'UNKNOWN_STAFF' },
  { what: 'schedule for an unknown case', method: 'POST', url: () => '/api/sessions', body: () => ({ kind: 'MEDIATION', caseId: NOPE }), status: 404, code: 'NOT_FOUND' },
  { what: 'my sessions active=perhaps', method: 'GET', url: () => '/api/sessions', query: { active: 'perhaps' }, status: 400, code: V },
  { what: 'session with a bad id', method: 'GET', url: () => '/api/sessions/abc', status: 400, code: V },
  { what: 'session that does not exist', method: 'GET', url: () => `/api/sessions/${NOPE}`, status: 404, code: 'NOT_FOUND' },
  { what: 'invite code valid 1 minute', method: 'POST', url: (w) => `/api/sessions/${w.sessionId}/invite-codes`, body: (w) => ({ partyId: w.org.parties.p1, ttlMinutes: 1 }), status: 400, code: V },
  { what: 'invite code for a bad party id', method: 'POST', url: (w) => `/api/sessions/${w.sessionId}/invite-codes`, body: () => ({ partyId: 'p1' }), status: 400, code: V },
  { what: 'join token of a bad session id', method: 'POST', url: () => '/api/sessions/x/join-token', status: 400, code: V },
  { what: 'notes of a bad session id', method: 'GET', url: () => '/api/sessions/x/notes', status: 400, code: V },
  { what: 'notes that are not text', method: 'PUT', url: (w) => `/api/sessions/${w.sessionId}/notes`, body: () => ({ text: { page: 1 } }), status: 400, code: V },
  { what: 'notes without a body', method: 'PUT', url: (w) => `/api/sessions/${w.sessionId}/notes`, status: 400, code: V },
  { what: 'notes over 20,000 characters', method: 'PUT', url: (w) => `/api/sessions/${w.sessionId}/notes`, body: () => ({ text: '记'.repeat(20_001) }), status: 400, code: V },
  { what: 'notes of a bad case id', method: 'GET', url: () => '/api/cases/x/notes', status: 400, code: V },
  { what: 'LiveKit token of a bad session id', method: 'POST', url: () => '/api/sessions/x/livekit-token', status: 400, code: V },
  { what: 'start an unknown session', method: 'POST', url: () => `/api/sessions/${NOPE}/start`, status: 404, code: 'NOT_FOUND' },
  { what: 'end a bad session id', method: 'POST', url: () => '/api/sessions/0/end', status: 400, code: V },
  // outcomes and follow-ups
  { what: 'written agreement without terms', method: 'POST', url: (w) => `/api/cases/${w.caseId}/outcomes`, body: () => ({ type: 'WRITTEN_AGREEMENT' }), status: 400, code: V },
  { what: 'verbal agreement carrying terms instead of content', method: 'POST', url: (w) => `/api/cases/${w.caseId}/outcomes`, body: () => ({ type: 'VERBAL_AGREEMENT', terms: 'x' }), status: 400, code: V },
  { what: 'outcome of an unknown type', method: 'POST', url: (w) => `/api/cases/${w.caseId}/outcomes`, body: () => ({ type: 'SETTLED', reason: 'x' }), status: 400, code: V },
  { what: 'outcome naming an unknown session', method: 'POST', url: (w) => `/api/cases/${w.caseId}/outcomes`, body: () => ({ type: 'FAILED', reason: 'x', sessionId: NOPE }), status: 400, code: 'UNKNOWN_SESSION' },
  { what: 'signature that is not an image', method: 'POST', url: (w) => `/api/outcomes/${w.outcomeId}/signatures`, body: (w) => ({ partyId: w.org.parties.p1, image: Buffer.from('%PDF-1.4 hello').toString('base64') }), status: 400, code: 'INVALID_IMAGE' },
  { what: 'signature without a party', method: 'POST', url: (w) => `/api/outcomes/${w.outcomeId}/signatures`, body: () => ({ image: 'iVBORw0KGgo=' }), status: 400, code: V },
  { what: 'signature on an unknown outcome', method: 'POST', url: () => `/api/outcomes/${NOPE}/signatures`, body: (w) => ({ partyId: w.org.parties.p1, image: 'iVBORw0KGgoAAAANSUhEUg==' }), status: 404, code: 'NOT_FOUND' },
  { what: 'follow-ups in state "late"', method: 'GET', url: () => '/api/follow-ups', query: { state: 'late' }, status: 400, code: V },
  { what: 'follow-up result "great"', method: 'POST', url: (w) => `/api/follow-ups/${w.followUpId}/result`, body: () => ({ result: 'GREAT' }), status: 400, code: V },
  { what: 'result of an unknown follow-up', method: 'POST', url: () => `/api/follow-ups/${NOPE}/result`, body: () => ({ result: 'FULFILLED' }), status: 404, code: 'NOT_FOUND' },
  // consultations
  { what: 'consultations of an unknown status', as: 'lawyer', method: 'GET', url: () => '/api/consultations', query: { status: 'LOST' }, status: 400, code: V },
  { what: 'consultation with a bad id', as: 'lawyer', method: 'GET', url: () => '/api/consultations/1', status: 400, code: V },
  // case-file documents shown in the live room
  { what: 'document upload without a name', method: 'POST', url: (w) => `/api/sessions/${w.sessionId}/documents`, status: 400, code: V },
  { what: 'document upload of plain text', method: 'POST', url: (w) => `/api/sessions/${w.sessionId}/documents?name=a.txt`, headers: { 'content-type': 'text/plain' }, body: () => 'not a document', status: 415, code: 'UNSUPPORTED_DOCUMENT_TYPE' },
  { what: 'documents of a session with a bad id', method: 'GET', url: () => '/api/sessions/x/documents', status: 400, code: V },
  { what: 'document content with a bad id', method: 'GET', url: () => '/api/documents/1/content', status: 400, code: V },
  { what: 'staff of an unknown role', method: 'GET', url: () => '/api/staff', query: { role: 'KING' }, status: 400, code: V },
  { what: 'ask without a question', as: 'operator1', method: 'POST', url: () => '/api/consultations', body: () => ({ topic: 'OTHER', question: '' }), status: 400, code: V },
  { what: 'ask from an unknown talk room', as: 'operator1', method: 'POST', url: () => '/api/consultations', body: () => ({ topic: 'OTHER', question: '?', talkRoomId: NOPE }), status: 400, code: 'UNKNOWN_TALK_ROOM' },
  { what: 'ask for an unknown party', as: 'operator1', method: 'POST', url: () => '/api/consultations', body: () => ({ topic: 'OTHER', question: '?', partyId: NOPE }), status: 400, code: 'UNKNOWN_PARTY' },
  { what: 'take with a bad call-back time', as: 'lawyer', method: 'POST', url: (w) => `/api/consultations/${w.consultationId}/take`, body: () => ({ callbackAt: 'soon' }), status: 400, code: V },
  { what: 'answer without advice', as: 'lawyer', method: 'POST', url: (w) => `/api/consultations/${w.consultationId}/answer`, body: () => ({ questionSummary: 'x', shouldBecomeCase: false }), status: 400, code: V },
  // reports
  { what: 'statistics of an unknown category', as: 'admin', method: 'GET', url: () => '/api/statistics', query: { category: 'WEATHER' }, status: 400, code: V },
  { what: 'statistics from 2026-02-30', as: 'admin', method: 'GET', url: () => '/api/statistics', query: { from: '2026-02-30' }, status: 400, code: 'INVALID_PERIOD' },
  { what: 'statistics of an unknown township', as: 'admin', method: 'GET', url: () => '/api/statistics', query: { townshipId: NOPE }, status: 400, code: 'UNKNOWN_TOWNSHIP' },
  { what: 'statistics of a village outside the township', as: 'admin', method: 'GET', url: () => '/api/statistics', query: {}, status: 400, code: 'UNKNOWN_VILLAGE' },
  { what: 'audit log of a bad case id', as: 'admin', method: 'GET', url: () => '/api/audit-logs', query: { caseId: 'x' }, status: 400, code: V },
  // the consultation queue, duty and roster
  { what: 'duty without a token', as: 'none', method: 'GET', url: () => '/api/duty', status: 401, code: 'AUTH_REQUIRED' },
  { what: 'duty on with a string', as: 'lawyer', method: 'POST', url: () => '/api/duty', body: () => ({ onDuty: 'yes' }), status: 400, code: V },
  { what: 'on-duty lawyers without a token', as: 'none', method: 'GET', url: () => '/api/duty/lawyers', status: 401, code: 'AUTH_REQUIRED' },
  { what: 'roster of a bad lawyer id', as: 'admin', method: 'GET', url: () => '/api/duty/roster', query: { lawyerId: 'x' }, status: 400, code: V },
  { what: 'roster slot ending before it starts', as: 'lawyer', method: 'POST', url: () => '/api/duty/roster', body: () => ({ weekday: 1, start: '10:00', end: '09:00' }), status: 400, code: 'INVALID_SLOT' },
  { what: 'roster slot on weekday 0', as: 'lawyer', method: 'POST', url: () => '/api/duty/roster', body: () => ({ weekday: 0, start: '09:00', end: '10:00' }), status: 400, code: V },
  { what: 'remove a slot of a bad id', as: 'lawyer', method: 'DELETE', url: () => '/api/duty/roster/x', status: 400, code: V },
  { what: 'coverage without a token', as: 'none', method: 'GET', url: () => '/api/duty/coverage', status: 401, code: 'AUTH_REQUIRED' },
  { what: 'queue standing of a bad id', as: 'operator1', method: 'GET', url: () => '/api/consultations/x/queue', status: 400, code: V },
  { what: 'accept a bad id', as: 'lawyer', method: 'POST', url: () => '/api/consultations/x/accept', status: 400, code: V },
  { what: 'abandon a bad id', as: 'operator1', method: 'POST', url: () => '/api/consultations/x/abandon', status: 400, code: V },
  { what: 'call-backs mine=maybe', as: 'lawyer', method: 'GET', url: () => '/api/consultations/callbacks', query: { mine: 'maybe' }, status: 400, code: V },
  { what: 'take a call-back of a bad id', as: 'lawyer', method: 'POST', url: () => '/api/consultations/x/callback/take', status: 400, code: V },
  { what: 'start a call-back of a bad id', as: 'lawyer', method: 'POST', url: () => '/api/consultations/x/callback/start', status: 400, code: V },
  { what: 'call-back outcome without kept', as: 'lawyer', method: 'POST', url: (w) => `/api/consultations/${w.consultationId}/callback/outcome`, body: () => ({}), status: 400, code: V },
  { what: 'consultation to a court', as: 'lawyer', method: 'POST', url: (w) => `/api/consultations/${w.consultationId}/case`, body: () => ({ to: 'COURT' }), status: 400, code: V },
  { what: 'consultation statistics of an unknown topic', as: 'admin', method: 'GET', url: () => '/api/statistics/consultations', query: { topic: 'WEATHER' }, status: 400, code: V },
  { what: 'audit log pageSize 101', as: 'admin', method: 'GET', url: () => '/api/audit-logs', query: { pageSize: '101' }, status: 400, code: V },
];

describe(`bad input on every route (${mode})`, () => {
  let t: ApiTest;
  let w: World;
  let before: Record<string, number>;
  beforeAll(async () => {
    t = await startApiTest();
    const med = await t.token('mediator1');
    const caseId = (await t.call('POST', '/api/cases', { token: med, body: { villageId: t.org.villages.v1a, category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '排水纠纷', parties: [{ partyId: t.org.parties.p1, side: 'A' }, { partyId: t.org.parties.p2, side: 'B' }] } })).body.id;
    await t.call('POST', `/api/cases/${caseId}/transitions`, { token: med, body: { to: 'IN_MEDIATION' } });
    const sessionId = (await t.call('POST', '/api/sessions', { token: med, body: { kind: 'MEDIATION', caseId, partyIds: [t.org.parties.p1] } })).body.id;
    const outcomeId = (await t.call('POST', `/api/cases/${caseId}/outcomes`, { token: med, body: { type: 'WRITTEN_AGREEMENT', terms: '条款' } })).body.id;
    const other = (await t.call('POST', '/api/cases', { token: med, body: { category: 'OTHER', intakeChannel: 'PHONE', description: '其他', parties: [{ partyId: t.org.parties.p4, side: 'A' }] } })).body.id;
    await t.call('POST', `/api/cases/${other}/transitions`, { token: med, body: { to: 'IN_MEDIATION' } });
    await t.call('POST', `/api/cases/${other}/outcomes`, { token: med, body: { type: 'VERBAL_AGREEMENT', verbalContent: '和解' } });
    await t.call('POST', `/api/cases/${other}/transitions`, { token: med, body: { to: 'OUTCOME_GIVEN' } });
    const followUpId = (await t.db.prisma.followUp.findFirstOrThrow({ where: { caseId: other } })).id;
    const consultationId = (await t.call('POST', '/api/consultations', { token: await t.token('operator1'), body: { topic: 'OTHER', question: '问题' } })).body.id;
    w = { caseId, sessionId, outcomeId, followUpId, consultationId, org: t.org };
    expect([caseId, sessionId, outcomeId, followUpId, consultationId].every(Boolean)).toBe(true);
    // the village-outside-township statistics row needs ids
    ROWS.find((r) => r.what === 'statistics of a village outside the township')!.query = { townshipId: t.org.townships.t2, villageId: t.org.villages.v1a };
    before = await t.counts();
  });
  afterAll(async () => {
    await t?.close();
  });

  it.each(ROWS.map((r) => [r.method, r.what, r] as const))('%s %s', async (_m, _what, r) => {
    const token = r.as === 'none' ? undefined : await t.token(r.as ?? 'mediator1');
    const res = await t.call(r.method, r.url(w), { token, body: r.body?.(w), query: r.query, ...(r.headers ? { headers: r.headers } : {}) });
    expect(res.status, JSON.stringify(res.body)).toBe(r.status);
    expect(res.body.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    if (r.code) expect(res.body.error.code).toBe(r.code);
    expect(await t.counts()).toEqual(before);
  });

  it('covers every route of the API', async () => {
    const covered = new Set(ROWS.map((r) => `${r.method} ${r.url(w).replace(/[0-9a-f-]{36}/g, ':id').replace(/\/(42|x|123|abc|0|1)(?=\/|$)/g, '/:id')}`));
    const doc = (await t.call('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{[^}]+\}/g, ':id')}`));
    expect(routes.length).toBeGreaterThan(30);
    // the one route that takes no input at all
    expect(routes.filter((r) => !covered.has(r)).sort()).toEqual(['GET /api/organisation']);
  });
});
