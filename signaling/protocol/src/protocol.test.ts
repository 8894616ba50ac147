import { describe, expect, it } from 'vitest';
import { Value } from '@sinclair/typebox/value';
import { AckSchema, ErrorCode, MAX_ERROR_MESSAGE_LENGTH, RoomView, check, errorAck, notifications, queueNotifications, queueRequests, requestNames, requests, waitingRoomView } from './index';

const rtpParameters = {
  mid: '0',
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }],
  encodings: [
    { rid: 'r0', scaleResolutionDownBy: 4, maxBitrate: 100_000 },
    { rid: 'r1', scaleResolutionDownBy: 2, maxBitrate: 300_000 },
    { rid: 'r2', scaleResolutionDownBy: 1, maxBitrate: 900_000 },
  ],
  headerExtensions: [],
  rtcp: { cname: 'x' },
};

describe('request schemas', () => {
  it('accept well-formed payloads', () => {
    expect(check(requests.join.request, { token: 'a.b.c' }).ok).toBe(true);
    expect(check(requests.createTransport.request, { direction: 'send' }).ok).toBe(true);
    expect(
      check(requests.produce.request, { transportId: 't1', kind: 'video', source: 'camera', rtpParameters, sourceHeight: 480 }).ok,
    ).toBe(true);
    expect(check(requests.setRenderedSize.request, { consumerId: 'c1', width: 320, height: 240 }).ok).toBe(true);
    expect(check(requests.leave.request, {}).ok).toBe(true);
  });

  it.each([
    ['join', undefined],
    ['join', 'token'],
    ['join', { token: '' }],
    ['join', { token: 'x'.repeat(5000) }],
    ['join', { token: 't', extra: 1 }],
    ['createTransport', { direction: 'both' }],
    ['connectTransport', { transportId: 't', dtlsParameters: { fingerprints: [] } }],
    ['produce', { transportId: 't', kind: 'data', source: 'camera', rtpParameters }],
    ['produce', { transportId: 't', kind: 'video', source: 'camera', rtpParameters: { codecs: [] } }],
    ['pauseProducer', { producerId: '../../etc' }],
    ['resumeConsumer', { consumerId: 42 }],
    ['setRenderedSize', { consumerId: 'c', width: -1, height: 10 }],
  ] as const)('reject malformed %s payload %j', (name, payload) => {
    const r = check(requests[name].request, payload);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.length).toBeGreaterThan(0);
  });

  it('never echo payload values in the error message', () => {
    const r = check(requests.join.request, { token: 'secret-token', more: 'secret-value' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).not.toMatch(/secret/);
  });

  it('cover every request with a request and a response schema', () => {
    for (const name of requestNames) {
      expect(requests[name].request, name).toBeDefined();
      expect(requests[name].response, name).toBeDefined();
    }
  });
});

describe('acks and notifications', () => {
  it('ack schema accepts success with fields and typed errors', () => {
    const schema = AckSchema(requests.produce.response);
    expect(Value.Check(schema, { ok: true, producerId: 'p1' })).toBe(true);
    expect(Value.Check(schema, { ok: false, error: { code: ErrorCode.NotJoined, message: 'join first' } })).toBe(true);
    expect(Value.Check(schema, { ok: false, error: { code: 'SOMETHING', message: '' } })).toBe(false);
    expect(Value.Check(schema, { ok: true })).toBe(false);
  });

  it('notification schemas describe what the server sends', () => {
    expect(Value.Check(notifications.peerLeft, { peerId: 'p1', reason: 'timeout' })).toBe(true);
    expect(Value.Check(notifications.activeSpeaker, { peerId: null })).toBe(true);
    expect(
      Value.Check(notifications.newConsumer, {
        consumerId: 'c1',
        producerId: 'p1',
        peerId: 'peer-1',
        kind: 'video',
        source: 'camera',
        rtpParameters,
        producerPaused: false,
      }),
    ).toBe(true);
  });
});

describe('the room view (written once)', () => {
  const view = {
    peers: [{ peerId: 'p1', displayName: '张三', role: 'party', connection: 'connected', producers: [] }],
    hostId: 'm1',
    caucus: [{ groupId: 'g1', label: '甲方', peerIds: ['p1'] }],
    locked: false,
    chat: [],
    shownDocument: null,
    hands: ['p1'],
    hostMutes: [{ peerId: 'p1', source: 'microphone' }],
  };
  it('is what `admitted` carries and what the join and resume acks include', () => {
    expect(notifications.admitted).toBe(RoomView);
    for (const name of ['join', 'resume'] as const) {
      const keys = Object.keys(requests[name].response.properties);
      for (const key of Object.keys(RoomView.properties)) expect(keys, `${name}: ${key}`).toContain(key);
    }
  });
  it('accepts a seat\'s view and a waiting seat\'s empty one, and refuses a partial one', () => {
    expect(Value.Errors(RoomView, view).First()).toBeUndefined();
    expect(Value.Check(RoomView, waitingRoomView(null, true))).toBe(true);
    const { hands: _hands, ...partial } = view;
    expect(Value.Check(RoomView, partial)).toBe(false);
  });
});

describe('consultation queue schemas (/queue)', () => {
  const id = '0190a3c4-0000-7000-8000-000000000000';
  it('accept well-formed requests and refuse junk', () => {
    expect(check(queueRequests['queue:accept'].request, { consultationId: id }).ok).toBe(true);
    expect(check(queueRequests['duty:set'].request, { onDuty: false }).ok).toBe(true);
    expect(check(queueRequests['queue:list'].request, {}).ok).toBe(true);
    for (const bad of [undefined, {}, { consultationId: 'x' }, { consultationId: id, extra: 1 }, { consultationId: 42 }]) {
      expect(check(queueRequests['queue:accept'].request, bad).ok).toBe(false);
    }
    expect(check(queueRequests['duty:set'].request, { onDuty: 'yes' }).ok).toBe(false);
  });
  it('describe every notification the hub sends', () => {
    const join = { sessionId: id, roomId: 'r-1', token: 'a.b.c', peerId: 'device-1', role: 'operator', expiresAt: '2026-11-24T00:00:00.000Z' };
    expect(Value.Check(queueNotifications['consultation:accepted'], { consultationId: id, lawyerName: '陈律师', join })).toBe(true);
    expect(Value.Check(queueNotifications['queue:position'], { consultationId: id, position: 1, queueLength: 1, estimatedWaitS: 120 })).toBe(true);
    expect(Value.Check(queueNotifications['consultation:callback'], { consultationId: id, callbackAt: '2026-11-24T01:00:00.000Z', reason: 'SOMETIME' })).toBe(false);
    expect(Value.Check(AckSchema(queueRequests['queue:accept'].response), { ok: false, error: { code: 'CONSULTATION_TAKEN', message: 'taken' } })).toBe(true);
  });
});

describe('error messages', () => {
  it('never carry a property name of the client whole, nor its control characters', () => {
    const name = `a\n<b>${'X'.repeat(900_000)}`;
    const res = check(requests.raiseHand.request, { raised: true, [name]: 1 });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(res.message).not.toMatch(/[\n<>]|X{30}/);
  });

  it('are bounded in every error ack', () => {
    expect(errorAck(ErrorCode.BadRequest, 'y'.repeat(10_000)).error.message.length).toBe(MAX_ERROR_MESSAGE_LENGTH);
  });
});
