import { idNumberHash, isValidIdNumber, maskIdNumber, type PrismaClient } from '@shuoshi/db';
import { audit } from './audit';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, badInput, conflictError, notFoundError } from './errors';
import { canCreateParty, canLookUpParty, canUseParty, enforce, type PartyPlace } from './policy';

/**
 * 当事人. The ID-card number is checked (GB 11643 check character), then kept only
 * as a mask for display and an HMAC for look-up: it is never stored or logged raw.
 *
 * A party's personal data stays inside the jurisdiction that holds it (policy.ts
 * canUseParty): from another county or township a party cannot be found, named (a
 * duplicate ID number is refused without the existing id) nor linked to a case or a
 * consultation; an id from there is answered like an unknown one.
 */
export interface NewPartyInput {
  name: string;
  idNumber?: string | undefined;
  phone?: string | undefined;
  villageId?: string | undefined;
  /** Where the party lives (住址 on the agreement). */
  address?: string | undefined;
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
    if (existing) {
      const place = (await partyPlaces(prisma, [existing.id])).get(existing.id)!;
      if (!canUseParty(actor, place).allow) {
        throw conflictError(ConflictCode.PartyRegisteredElsewhere, 'a person with this ID number is registered in another township or county: ask them to add the party');
      }
      throw conflictError(ConflictCode.PartyExists, 'a party with this ID number exists already', { partyId: existing.id });
    }
  }
  const party = await prisma.party.create({
    data: { name: input.name, phone: input.phone ?? null, villageId: villageId ?? null, address: input.address?.trim() || null, idNumberMasked, idNumberHash: hash, createdById: actor.id },
  });
  await audit(prisma, actor, ctx.ip, { action: 'party.create', entityType: 'Party', entityId: party.id });
  return party;
}

/** By ID number (hashed with the server key, so the raw number never reaches the database). */
export async function lookUpParty(ctx: Ctx, idNumber: string) {
  enforce(canLookUpParty(ctx.actor));
  if (!isValidIdNumber(idNumber)) throw badInput(BadInputCode.InvalidIdNumber, 'not a valid resident ID number (check the digits and the last character)');
  const { prisma, keys } = ctx.deps;
  const candidate = await prisma.party.findUnique({ where: { idNumberHash: idNumberHash(keys.idNumber, idNumber) } });
  // a party outside the caller's township or county is not found from here
  const party = candidate && canUseParty(ctx.actor, (await partyPlaces(prisma, [candidate.id])).get(candidate.id)!).allow ? candidate : null;
  await audit(prisma, ctx.actor, ctx.ip, { action: 'party.lookup', entityType: 'Party', entityId: party?.id ?? null, details: { found: Boolean(party) } });
  if (!party) throw notFoundError('party');
  return party;
}

/**
 * Before a case or a consultation links parties: each must exist and be the caller's
 * to use; the ids that are not are answered as unknown (400 UNKNOWN_PARTY), whether
 * they do not exist or belong elsewhere, so the answer tells an outsider nothing.
 */
export async function assertUsableParties(ctx: Ctx, ids: readonly string[]): Promise<void> {
  const places = await partyPlaces(ctx.deps.prisma, ids);
  const refused = ids.filter((id) => {
    const place = places.get(id);
    return !place || !canUseParty(ctx.actor, place).allow;
  });
  if (refused.length > 0) throw badInput(BadInputCode.UnknownParty, refused.length === 1 ? 'unknown party' : 'unknown parties', { partyIds: refused });
}

/** Where each existing party belongs (missing ids are absent from the map). */
async function partyPlaces(prisma: Pick<PrismaClient, 'party'>, ids: readonly string[]): Promise<Map<string, PartyPlace>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.party.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, village: { select: { townshipId: true, township: { select: { countyId: true } } } }, createdBy: { select: { countyId: true, townshipId: true } } },
  });
  return new Map(
    rows.map((r) => [
      r.id,
      r.village
        ? { countyId: r.village.township.countyId, townshipId: r.village.townshipId }
        : { countyId: r.createdBy?.countyId ?? null, townshipId: r.createdBy?.townshipId ?? null },
    ]),
  );
}
