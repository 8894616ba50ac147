import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCase, judicialConfirmationDeadline } from '../src/cases';
import { seedDemo } from '../src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { mode } from './helpers';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe(`domain round trip (${mode})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.prisma, { password: 'test' });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('takes a dispute from intake to a signed agreement, follow-up and closing', async () => {
    const p = db.prisma;
    const operator = await p.staffAccount.findFirstOrThrow({ where: { role: 'VILLAGE_OPERATOR' }, include: { village: true, talkRoom: true } });
    const mediator = await p.staffAccount.findFirstOrThrow({ where: { role: 'TOWNSHIP_MEDIATOR', townshipId: operator.townshipId! } });

    const [a, b] = await Promise.all(
      [
        { name: '刘大山', phone: '13800000001', id: '330100196501011234' },
        { name: '赵小河', phone: '13800000002', id: '330100197203035678' },
      ].map((x) =>
        p.party.create({
          data: { name: x.name, phone: x.phone, villageId: operator.villageId, idNumberMasked: `${x.id.slice(0, 4)}**********${x.id.slice(-4)}`, idNumberHash: sha256(`pepper:${x.id}`), createdById: operator.id },
        }),
      ),
    );
    expect(await p.party.findUnique({ where: { idNumberHash: sha256('pepper:330100196501011234') } })).toMatchObject({ name: '刘大山', idNumberMasked: '3301**********1234' });

    // 受理
    const c = await createCase(p, {
      villageId: operator.villageId!,
      category: 'LAND_HOMESTEAD',
      intakeChannel: 'WALK_IN',
      description: '宅基地边界争议：围墙越界约半米',
      createdById: operator.id,
      parties: [
        { partyId: a!.id, side: 'A' },
        { partyId: b!.id, side: 'B' },
      ],
    });
    expect(c).toMatchObject({ status: 'ACCEPTED', handlingLevel: 'VILLAGE', villageId: operator.villageId, townshipId: operator.townshipId, countyId: operator.countyId, legalHold: false });

    // village cannot settle it: referred up to the township (history kept)
    await p.$transaction([
      p.referral.create({ data: { caseId: c.id, fromLevel: 'VILLAGE', fromVillageId: operator.villageId, toLevel: 'TOWNSHIP', toTownshipId: operator.townshipId, reason: '村级调解未果', referredById: operator.id } }),
      p.case.update({ where: { id: c.id }, data: { handlingLevel: 'TOWNSHIP', status: 'IN_MEDIATION' } }),
      p.caseEvent.create({ data: { caseId: c.id, type: 'REFERRED', actorId: operator.id, payload: { to: 'TOWNSHIP' } } }),
    ]);

    // 办理: a video session joining the village talk room and the parties
    const session = await p.session.create({
      data: {
        kind: 'MEDIATION',
        caseId: c.id,
        roomId: `room-${c.id}`,
        hostId: mediator.id,
        scheduledAt: new Date(Date.now() + 3_600_000),
        invites: { create: [{ talkRoomId: operator.talkRoomId! }, { partyId: a!.id }, { partyId: b!.id }, { staffId: operator.id }] },
        inviteCodes: { create: { partyId: b!.id, codeHash: sha256('hmac:482913'), expiresAt: new Date(Date.now() + 86_400_000), createdById: mediator.id } },
      },
      include: { invites: true },
    });
    expect(session.invites).toHaveLength(4);
    await p.inviteCode.updateMany({ where: { sessionId: session.id, partyId: b!.id }, data: { attempts: { increment: 1 } } });
    await p.consentRecord.createMany({
      data: [
        { sessionId: session.id, participantLabel: '刘大山', partyId: a!.id, decision: 'AGREE', recordedById: operator.id, talkRoomId: operator.talkRoomId },
        { sessionId: session.id, participantLabel: '赵小河', partyId: b!.id, decision: 'AGREE' },
      ],
    });
    await p.recording.create({
      data: { sessionId: session.id, participantLabel: 'mix', kind: 'VIDEO', path: `recordings/${session.id}.webm`, startedAt: new Date(), endedAt: new Date(), durationMs: 1_800_000, bytes: 123_456_789_012n, sha256: sha256('video') },
    });

    // 回复: a written agreement, signed by both
    const signedAt = new Date('2026-11-20T06:00:00Z');
    const outcome = await p.outcome.create({
      data: {
        caseId: c.id,
        sessionId: session.id,
        type: 'WRITTEN_AGREEMENT',
        terms: '赵小河于十日内拆除越界围墙，刘大山补偿材料费五百元。',
        signedAt,
        judicialConfirmationDeadline: judicialConfirmationDeadline(signedAt),
        recordedById: mediator.id,
        signatures: {
          create: [
            { partyId: a!.id, imagePath: 'signatures/a.png', sha256: sha256('a'), signedAt, witnessedById: operator.id },
            { partyId: b!.id, imagePath: 'signatures/b.png', sha256: sha256('b'), signedAt },
          ],
        },
      },
    });
    await p.case.update({ where: { id: c.id }, data: { status: 'OUTCOME_GIVEN' } });

    // 回访, then closed
    const followUp = await p.followUp.create({ data: { caseId: c.id, outcomeId: outcome.id, assigneeId: operator.id, dueAt: new Date('2026-12-01T01:00:00Z') } });
    await p.followUp.update({ where: { id: followUp.id }, data: { doneAt: new Date(), result: 'FULFILLED', notes: '围墙已拆除' } });
    await p.case.update({ where: { id: c.id }, data: { status: 'CLOSED', closedAt: new Date() } });
    await p.auditLog.create({ data: { actorType: 'STAFF', actorId: mediator.id, action: 'case.close', entityType: 'Case', entityId: c.id, caseId: c.id, ip: '10.0.0.8', details: { reason: 'fulfilled' } } });

    const full = await p.case.findUniqueOrThrow({
      where: { id: c.id },
      include: {
        parties: { include: { party: true }, orderBy: { side: 'asc' } },
        referrals: true,
        sessions: { include: { recordings: true, consents: true, inviteCodes: true } },
        outcomes: { include: { signatures: true } },
        followUps: true,
        events: { orderBy: { at: 'asc' } },
      },
    });
    expect(full.status).toBe('CLOSED');
    expect(full.parties.map((x) => [x.side, x.party.name])).toEqual([['A', '刘大山'], ['B', '赵小河']]);
    expect(full.referrals).toMatchObject([{ fromLevel: 'VILLAGE', toLevel: 'TOWNSHIP', toTownshipId: operator.townshipId }]);
    expect(full.sessions[0]!.recordings[0]!.bytes).toBe(123_456_789_012n);
    expect(full.sessions[0]!.inviteCodes[0]!.attempts).toBe(1);
    expect(full.sessions[0]!.consents).toHaveLength(2);
    expect(full.outcomes[0]!.signatures).toHaveLength(2);
    expect(full.outcomes[0]!.judicialConfirmationDeadline?.toISOString()).toBe('2026-12-20T06:00:00.000Z');
    expect(full.followUps[0]).toMatchObject({ result: 'FULFILLED' });
    expect(full.events.map((e) => e.type)).toEqual(['CREATED', 'REFERRED']);
    expect(await p.auditLog.findMany({ where: { caseId: c.id } })).toMatchObject([{ action: 'case.close', details: { reason: 'fulfilled' } }]);

    // the township's open-case list and a monthly statistic
    const open = await p.case.findMany({ where: { townshipId: operator.townshipId!, status: { not: 'CLOSED' } }, orderBy: { acceptedAt: 'desc' } });
    expect(open.map((x) => x.id)).not.toContain(c.id);
    const stats = await p.$queryRaw<Array<{ month: string; category: string; n: number }>>`
      SELECT to_char("accepted_at" AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS month, "category"::text AS category, count(*)::int AS n
      FROM "cases" WHERE "county_id" = ${operator.countyId}::uuid GROUP BY 1, 2`;
    expect(stats).toContainEqual(expect.objectContaining({ category: 'LAND_HOMESTEAD', n: 1 }));

    // a case's cascade: deleting it removes its timeline, parties and outcomes, not the parties themselves
    await p.recording.deleteMany({ where: { sessionId: session.id } });
    await p.consentRecord.deleteMany({ where: { sessionId: session.id } });
    await p.session.delete({ where: { id: session.id } });
    await p.case.delete({ where: { id: c.id } });
    expect(await p.caseEvent.count({ where: { caseId: c.id } })).toBe(0);
    expect(await p.outcome.count({ where: { caseId: c.id } })).toBe(0);
    expect(await p.party.count({ where: { id: { in: [a!.id, b!.id] } } })).toBe(2);
  });

  it('runs a remote legal consultation from queue to answer', async () => {
    const p = db.prisma;
    const operator = await p.staffAccount.findFirstOrThrow({ where: { role: 'VILLAGE_OPERATOR' } });
    const lawyer = await p.staffAccount.findFirstOrThrow({ where: { role: 'COUNTY_LEGAL_ADVISOR' } });
    const q = await p.consultation.create({ data: { countyId: operator.countyId, talkRoomId: operator.talkRoomId!, requestedById: operator.id, topic: 'LABOUR_WAGES', question: '包工头拖欠工资三个月怎么办？' } });
    expect(q.status).toBe('QUEUED');
    const queue = await p.consultation.findMany({ where: { countyId: operator.countyId, status: 'QUEUED' }, orderBy: { requestedAt: 'asc' } });
    expect(queue.map((x) => x.id)).toContain(q.id);
    await p.consultation.update({ where: { id: q.id }, data: { status: 'ACCEPTED', lawyerId: lawyer.id, acceptedAt: new Date() } });
    await p.session.create({ data: { kind: 'CONSULTATION', consultationId: q.id, roomId: `consult-${q.id}`, hostId: lawyer.id, startedAt: new Date(), invites: { create: { talkRoomId: operator.talkRoomId! } } } });
    const answered = await p.consultation.update({
      where: { id: q.id },
      data: { status: 'ANSWERED', answeredAt: new Date(), questionSummary: '欠薪', advice: '可向劳动监察大队投诉或申请劳动仲裁', shouldBecomeCase: false },
      include: { sessions: true, lawyer: true },
    });
    expect(answered).toMatchObject({ status: 'ANSWERED', shouldBecomeCase: false, lawyer: { role: 'COUNTY_LEGAL_ADVISOR' } });
    expect(answered.sessions).toHaveLength(1);
  });

  it('enforces the rules Prisma cannot express (CHECK constraints)', async () => {
    const p = db.prisma;
    const county = await p.county.findFirstOrThrow();
    const mediator = await p.staffAccount.findFirstOrThrow({ where: { role: 'TOWNSHIP_MEDIATOR' } });
    const village = await p.village.findFirstOrThrow();
    const room = await p.talkRoom.findFirstOrThrow({ where: { kind: 'VILLAGE_TALK_ROOM' } });
    const party = await p.party.create({ data: { name: '测试' } });
    // CHECK violations surface as the adapter's error naming the constraint; unique ones as P2002.
    const violates = (constraint: string, q: Promise<unknown>) => expect(q).rejects.toThrow(constraint);
    const duplicate = (q: Promise<unknown>) => expect(q).rejects.toMatchObject({ code: 'P2002' });

    await violates('staff_accounts_division_matches_role', p.staffAccount.create({ data: { username: 'bad.operator', displayName: 'x', passwordHash: 'x', role: 'VILLAGE_OPERATOR', countyId: county.id } }));
    await violates('talk_rooms_division_matches_kind', p.talkRoom.create({ data: { kind: 'VILLAGE_TALK_ROOM', name: 'x', countyId: county.id } }));
    await violates('sessions_mediation_has_case', p.session.create({ data: { kind: 'MEDIATION', roomId: 'no-case', hostId: mediator.id } }));
    const s = await p.session.create({ data: { kind: 'CONSULTATION', roomId: 'c-1', hostId: mediator.id } });
    await violates('session_invites_one_invitee', p.sessionInvite.create({ data: { sessionId: s.id, talkRoomId: room.id, partyId: party.id } }));
    await violates('session_invites_one_invitee', p.sessionInvite.create({ data: { sessionId: s.id } }));
    await duplicate(p.session.create({ data: { kind: 'CONSULTATION', roomId: 'c-1', hostId: mediator.id } }));
    await duplicate(p.staffAccount.create({ data: { username: mediator.username, displayName: 'x', passwordHash: 'x', role: 'COUNTY_ADMIN', countyId: county.id } }));
    const c = await createCase(p, { villageId: village.id, category: 'OTHER', intakeChannel: 'ONLINE', description: 'x', createdById: mediator.id });
    await violates('outcomes_written_has_terms', p.outcome.create({ data: { caseId: c.id, type: 'WRITTEN_AGREEMENT', recordedById: mediator.id } }));
    await violates('follow_ups_done_has_result', p.followUp.create({ data: { caseId: c.id, assigneeId: mediator.id, dueAt: new Date(), result: 'PARTLY' } }));
    // the database is still usable after all those failures
    expect(await p.case.count({ where: { id: c.id } })).toBe(1);
  });
});
