import { idNumberHash, isValidIdNumber, maskIdNumber } from '@shuoshi/db';
import { audit } from './audit';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, badInput, conflictError, notFoundError } from './errors';
import { canCreateParty, canLookUpParty, enforce } from './policy';

/**
 * 当事人. The ID-card number is checked (GB 11643 check character), then kept only
 * as a mask for display and an HMAC for look-up: it is never stored or logged raw.
 */
export interface NewPartyInput {
  name: string;
  idNumber?: string | undefined;
  phone?: string | undefined;
  villageId?: string | undefined;
}

export async function createParty(ctx: Ctx, input: NewPartyInput) {
  const { prisma, keys } = ctx.deps;
  enforce(canCreateParty(ctx.actor, null));
  const actor = ctx.actor;
  const villageId = input.villageId ?? (actor.kind === 'staff' && actor.role === 'VILLAGE_OPERATOR' ? actor.villageId! : undefined);
  let village: { countyId: string; townshipId: string; villageId: string } | null = null;
  if (villageId) {
    const v = await prisma.village.findUnique({ where: { id: villageId }, select: { townshipId: true, township: { select: { countyId: true } } } });
    if (!v) throw badInput(BadInputCode.UnknownVillage, 'no such village');
    village = { countyId: v.township.countyId, townshipId: v.townshipId, villageId };
  }
  enforce(canCreateParty(actor, village));
  let idNumberMasked: string | null = null;
  let hash: string | null = null;
  if (input.idNumber !== undefined) {
    if (!isValidIdNumber(input.idNumber)) throw badInput(BadInputCode.InvalidIdNumber, 'not a valid resident ID number (check the digits and the last character)');
    idNumberMasked = maskIdNumber(input.idNumber);
    hash = idNumberHash(keys.idNumber, input.idNumber);
    const existing = await prisma.party.findUnique({ where: { idNumberHash: hash }, select: { id: true } });
    if (existing) throw conflictError(ConflictCode.PartyExists, 'a party with this ID number exists already', { partyId: existing.id });
  }
  const party = await prisma.party.create({
    data: { name: input.name, phone: input.phone ?? null, villageId: villageId ?? null, idNumberMasked, idNumberHash: hash, createdById: actor.id },
  });
  await audit(prisma, actor, ctx.ip, { action: 'party.create', entityType: 'Party', entityId: party.id });
  return party;
}

/** By ID number (hashed with the server key, so the raw number never reaches the database). */
export async function lookUpParty(ctx: Ctx, idNumber: string) {
  enforce(canLookUpParty(ctx.actor));
  if (!isValidIdNumber(idNumber)) throw badInput(BadInputCode.InvalidIdNumber, 'not a valid resident ID number (check the digits and the last character)');
  const { prisma, keys } = ctx.deps;
  // parties of villages in other counties are not found from here
  const countyId = ctx.actor.kind === 'staff' ? ctx.actor.countyId : '';
  const party = await prisma.party.findFirst({
    where: { idNumberHash: idNumberHash(keys.idNumber, idNumber), OR: [{ villageId: null }, { village: { township: { countyId } } }] },
  });
  await audit(prisma, ctx.actor, ctx.ip, { action: 'party.lookup', entityType: 'Party', entityId: party?.id ?? null, details: { found: Boolean(party) } });
  if (!party) throw notFoundError('party');
  return party;
}
