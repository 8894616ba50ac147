import type { PrismaClient } from '@shuoshi/db';
import type { Role } from '@shuoshi/protocol';

/** The session a live room belongs to (recording needs one; development rooms have none). */
export interface RoomSession {
  id: string;
  caseId: string | null;
  ended: boolean;
}

/** A seat as the ledger sees it. */
export interface SeatRef {
  peerId: string;
  role: Role;
  label: string;
}

export interface ConsentEntry {
  sessionId: string;
  participant: SeatRef;
  decision: 'AGREE' | 'DECLINE' | 'WITHDRAW';
  /** The operator who recorded the answer on the participant's behalf. */
  recordedBy?: SeatRef;
  at: Date;
}

/**
 * Where consent answers go: the append-only `consent_records` ledger, with who
 * (label, party/staff/device id), when, where (talk room) and who recorded it.
 */
export interface ConsentLedger {
  sessionOf(roomId: string): Promise<RoomSession | null>;
  record(entry: ConsentEntry): Promise<void>;
  /** Whether this operator may answer for this participant: a party of their talk room's village. */
  mayAnswerFor(operator: SeatRef, villager: SeatRef): Promise<boolean>;
}

/** Join tokens from the accounts API name people `${kind}-${id}` (see joinSession). */
const ENCODED = /^(staff|device|party)-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function decodePeerId(peerId: string): { kind: 'staff' | 'device' | 'party'; id: string } | undefined {
  const m = ENCODED.exec(peerId);
  return m ? { kind: m[1]!.toLowerCase() as 'staff' | 'device' | 'party', id: m[2]!.toLowerCase() } : undefined;
}

interface Identity {
  staffId: string | null;
  deviceId: string | null;
  partyId: string | null;
  talkRoomId: string | null;
  villageId: string | null;
}

const nobody: Identity = { staffId: null, deviceId: null, partyId: null, talkRoomId: null, villageId: null };

type Db = Pick<PrismaClient, 'session' | 'consentRecord' | 'staffAccount' | 'talkRoomDevice' | 'party' | 'talkRoom'>;

export class PrismaConsentLedger implements ConsentLedger {
  constructor(private readonly prisma: Db) {}

  async sessionOf(roomId: string): Promise<RoomSession | null> {
    const s = await this.prisma.session.findUnique({ where: { roomId }, select: { id: true, caseId: true, endedAt: true, cancelledAt: true } });
    return s ? { id: s.id, caseId: s.caseId, ended: Boolean(s.endedAt || s.cancelledAt) } : null;
  }

  async record(e: ConsentEntry): Promise<void> {
    const who = await this.identify(e.participant.peerId);
    const by = e.recordedBy ? await this.identify(e.recordedBy.peerId) : undefined;
    await this.prisma.consentRecord.create({
      data: {
        sessionId: e.sessionId,
        participantLabel: e.participant.label,
        partyId: who.partyId,
        staffId: who.staffId,
        deviceId: who.deviceId,
        decision: e.decision,
        recordedById: by?.staffId ?? null,
        recordedByDeviceId: by?.deviceId ?? null,
        // where: the operator's talk room for an answer they recorded, else the participant's own
        talkRoomId: (by ? by.talkRoomId : who.talkRoomId) ?? null,
        at: e.at,
      },
    });
  }

  async mayAnswerFor(operator: SeatRef, villager: SeatRef): Promise<boolean> {
    if (operator.role !== 'operator' || villager.role !== 'party') return false;
    const [op, party] = await Promise.all([this.identify(operator.peerId), this.identify(villager.peerId)]);
    if (!op.talkRoomId || !party.partyId || !party.villageId) return false;
    const room = await this.prisma.talkRoom.findUnique({ where: { id: op.talkRoomId }, select: { villageId: true } });
    return room?.villageId === party.villageId;
  }

  /** The accounts behind a peer id, when it encodes one that exists. */
  private async identify(peerId: string): Promise<Identity> {
    const ref = decodePeerId(peerId);
    if (!ref) return nobody;
    if (ref.kind === 'staff') {
      const s = await this.prisma.staffAccount.findUnique({ where: { id: ref.id }, select: { id: true, talkRoomId: true, villageId: true } });
      return s ? { ...nobody, staffId: s.id, talkRoomId: s.talkRoomId, villageId: s.villageId } : nobody;
    }
    if (ref.kind === 'device') {
      const d = await this.prisma.talkRoomDevice.findUnique({ where: { id: ref.id }, select: { id: true, talkRoomId: true, talkRoom: { select: { villageId: true } } } });
      return d ? { ...nobody, deviceId: d.id, talkRoomId: d.talkRoomId, villageId: d.talkRoom.villageId } : nobody;
    }
    const p = await this.prisma.party.findUnique({ where: { id: ref.id }, select: { id: true, villageId: true } });
    return p ? { ...nobody, partyId: p.id, villageId: p.villageId } : nobody;
  }
}
