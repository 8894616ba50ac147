import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { PrismaConsentLedger } from '../src/rooms/consent-ledger';
import { FakeMediaSession } from '../src/rooms/fake-media';
import { Room } from '../src/rooms/room';
import { RoomRecording } from '../src/rooms/room-recording';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';

/** The consent ledger against the real schema (PGlite, or PostgreSQL with DATABASE_URL). */
let db: TestDatabase;
let fx: EvidenceFixture;
let talkRoomId: string;
let deviceId: string;
let strangerId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await seedEvidenceFixture(db.prisma);
  const room = await db.prisma.talkRoom.create({ data: { kind: 'VILLAGE_TALK_ROOM', name: '东坪村说事拉理室', countyId: fx.countyId, townshipId: fx.townshipId, villageId: fx.villageId } });
  talkRoomId = room.id;
  deviceId = (await db.prisma.talkRoomDevice.create({ data: { talkRoomId, tokenHash: 'h-consent-ledger', enrolledById: fx.staff.admin.id } })).id;
  // a party of no village: no operator may answer for them
  strangerId = (await db.prisma.party.create({ data: { name: '过路人' } })).id;
});

afterAll(async () => {
  await db?.drop();
});

const seat = (peerId: string, role: 'operator' | 'party' | 'mediator', label: string) => ({ peerId, role, label });

describe('consent ledger', () => {
  it("finds a room's session; a development room has none, and its recording is refused with NO_SESSION", async () => {
    const ledger = new PrismaConsentLedger(db.prisma);
    expect(await ledger.sessionOf(fx.roomId)).toEqual({ id: fx.sessionId, caseId: fx.caseId, ended: false });
    expect(await ledger.sessionOf('dev-room')).toBeNull();
    const log = pino({ level: 'silent' });
    const room = new Room('dev-room', new FakeMediaSession(), { graceMs: 1000, log });
    const host = room.join({ peerId: 'host', displayName: 'host', role: 'mediator' }, { id: 'l', notify() {}, release() {} });
    const rec = new RoomRecording(room, { ledger, recorderFor: async () => { throw new Error('never'); }, log });
    await expect(rec.start(host)).rejects.toMatchObject({ code: 'NO_SESSION' });
  });

  it('writes who (party/staff/device), what, where, and the operator device that recorded an answer', async () => {
    const ledger = new PrismaConsentLedger(db.prisma);
    const op = seat(`device-${deviceId}`, 'operator', '说事拉理员 东坪村说事拉理室');
    const villager = seat(`party-${fx.parties.a.id}`, 'party', '当事人 刘大山');
    expect(await ledger.mayAnswerFor(op, villager)).toBe(true);
    expect(await ledger.mayAnswerFor(op, seat(`party-${strangerId}`, 'party', '当事人 过路人'))).toBe(false);
    expect(await ledger.mayAnswerFor({ ...op, role: 'party' }, villager)).toBe(false);
    expect(await ledger.mayAnswerFor(seat('p-not-an-account', 'operator', 'x'), villager)).toBe(false);
    const at = new Date('2026-11-24T00:10:00.000Z');
    await ledger.record({ sessionId: fx.sessionId, participant: op, decision: 'AGREE', at });
    await ledger.record({ sessionId: fx.sessionId, participant: villager, decision: 'AGREE', recordedBy: op, at: new Date(at.getTime() + 1) });
    await ledger.record({ sessionId: fx.sessionId, participant: seat(`staff-${fx.staff.mediator.id}`, 'mediator', '调解员 李明'), decision: 'DECLINE', at: new Date(at.getTime() + 2) });
    // a peer id that names no account (a development token) is kept by its label only
    await ledger.record({ sessionId: fx.sessionId, participant: seat('party-00000000-0000-7000-8000-000000000000', 'party', '当事人 某'), decision: 'WITHDRAW', at: new Date(at.getTime() + 3) });
    const rows = await db.prisma.consentRecord.findMany({ where: { sessionId: fx.sessionId }, orderBy: { at: 'asc' } });
    expect(rows.map((r) => ({ label: r.participantLabel, decision: r.decision, partyId: r.partyId, staffId: r.staffId, deviceId: r.deviceId, recordedById: r.recordedById, recordedByDeviceId: r.recordedByDeviceId, talkRoomId: r.talkRoomId, at: r.at.toISOString() }))).toEqual([
      { label: op.label, decision: 'AGREE', partyId: null, staffId: null, deviceId, recordedById: null, recordedByDeviceId: null, talkRoomId, at: '2026-11-24T00:10:00.000Z' },
      { label: villager.label, decision: 'AGREE', partyId: fx.parties.a.id, staffId: null, deviceId: null, recordedById: null, recordedByDeviceId: deviceId, talkRoomId, at: '2026-11-24T00:10:00.001Z' },
      { label: '调解员 李明', decision: 'DECLINE', partyId: null, staffId: fx.staff.mediator.id, deviceId: null, recordedById: null, recordedByDeviceId: null, talkRoomId: null, at: '2026-11-24T00:10:00.002Z' },
      { label: '当事人 某', decision: 'WITHDRAW', partyId: null, staffId: null, deviceId: null, recordedById: null, recordedByDeviceId: null, talkRoomId: null, at: '2026-11-24T00:10:00.003Z' },
    ]);
  });
});
