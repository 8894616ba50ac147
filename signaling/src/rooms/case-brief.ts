import type { PrismaClient } from '@shuoshi/db';
import type { CaseBrief, JoinsFrom } from '@shuoshi/protocol';

/** What a session's room is about, for `room:brief` (absent: rooms have no brief). */
export interface RoomBriefs {
  /** The brief of the session that owns `roomId`, or null (no such session). */
  brief(roomId: string): Promise<CaseBrief | null>;
}

type Reader = Pick<PrismaClient, 'session'>;

/**
 * The brief from the database: only the fields `CaseBrief` allows are selected, so
 * nothing private (phones, ID numbers, addresses, the description, notes) can leak
 * into a party's view by a later edit of the mapping.
 */
export function prismaRoomBriefs(prisma: Reader, now: () => Date = () => new Date()): RoomBriefs {
  return {
    async brief(roomId) {
      const s = await prisma.session.findUnique({
        where: { roomId },
        select: {
          kind: true,
          startedAt: true,
          case: {
            select: {
              caseNumber: true,
              category: true,
              villageId: true,
              parties: { select: { side: true, party: { select: { id: true, name: true, villageId: true } } }, orderBy: [{ side: 'asc' }, { addedAt: 'asc' }] },
            },
          },
          consultation: { select: { topic: true } },
          invites: { select: { partyId: true, talkRoom: { select: { name: true, villageId: true, kind: true } } } },
        },
      });
      if (!s) return null;
      const phones = new Set(s.invites.flatMap((i) => (i.partyId ? [i.partyId] : [])));
      // codes for only some parties say who comes by phone; codes for every party (the
      // schedule page's defaults) beside an invited talk room say nothing: either
      const everyPartyHasACode = (s.case?.parties ?? []).every((p) => phones.has(p.party.id));
      const villageRooms = s.invites.flatMap((i) => (i.talkRoom && i.talkRoom.kind === 'VILLAGE_TALK_ROOM' ? [i.talkRoom] : []));
      const roomOf = (villageId: string | null | undefined) => (villageId ? villageRooms.find((r) => r.villageId === villageId) : undefined);
      const joinsFrom = (party: { id: string; villageId: string | null }): JoinsFrom => {
        // the talk room of the party's own village, else of the case's village
        const room = roomOf(party.villageId) ?? roomOf(s.case?.villageId);
        const name = room?.name.slice(0, 64);
        if (phones.has(party.id)) return name && everyPartyHasACode ? { kind: 'phoneOrTalkRoom', name } : { kind: 'phone' };
        return name ? { kind: 'talkRoom', name } : null;
      };
      return {
        kind: s.kind,
        caseNumber: s.case?.caseNumber ?? null,
        category: s.case?.category ?? s.consultation?.topic ?? null,
        parties: (s.case?.parties ?? []).slice(0, 32).map((p) => ({ name: p.party.name.slice(0, 64), side: p.side, joinsFrom: joinsFrom(p.party) })),
        startedAt: s.startedAt?.toISOString() ?? null,
        serverTime: now().toISOString(),
      };
    },
  };
}
