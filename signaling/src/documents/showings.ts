import type { PrismaClient } from '@shuoshi/db';
import { decodePeerId } from '../rooms/consent-ledger';
import type { DocShowings } from '../rooms/shared-docs';

/**
 * Notes in `document_showings` who each document was shown to in the room of a Session
 * (once per document, session and peer; rooms without a session note nothing). A party's
 * REST access to the case file follows these rows (see service.ts).
 */
export function prismaDocShowings(prisma: Pick<PrismaClient, 'session' | 'party' | 'documentShowing'>): DocShowings {
  return {
    async record(roomId, documentId, to, groupId) {
      const session = await prisma.session.findUnique({ where: { roomId }, select: { id: true } });
      if (!session) return;
      const ref = to.role === 'party' ? decodePeerId(to.peerId) : undefined;
      const party = ref?.kind === 'party' ? await prisma.party.findUnique({ where: { id: ref.id }, select: { id: true } }) : null;
      await prisma.documentShowing.createMany({
        data: [{ documentId, sessionId: session.id, peerId: to.peerId, partyId: party?.id ?? null, groupId }],
        skipDuplicates: true,
      });
    },
  };
}

/** Whether a party was shown this document in a live room. */
export async function shownToParty(prisma: Pick<PrismaClient, 'documentShowing'>, documentId: string, partyId: string): Promise<boolean> {
  return (await prisma.documentShowing.count({ where: { documentId, partyId } })) > 0;
}
