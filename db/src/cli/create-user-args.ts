import type { PrismaClient, StaffRole } from '../generated/prisma/client';
import { createStaffAccount, ensureCounty, legalOfficeName, staffPassword } from '../organisation';

/** A command-line mistake: printed with the usage, exit code 2. */
export class CreateUserArgsError extends Error {}

const ROLES: readonly StaffRole[] = ['COUNTY_ADMIN', 'COUNTY_LEGAL_ADVISOR', 'TOWNSHIP_MEDIATOR', 'VILLAGE_OPERATOR'];
const USERNAME = /^[a-z0-9][a-z0-9._-]{2,39}$/;

export interface CreateUserArgs {
  role: StaffRole;
  county: string;
  countyCode: string | null;
  township: string | null;
  village: string | null;
  username: string;
  displayName: string;
  phone: string | null;
}

type Values = Partial<Record<'role' | 'county' | 'county-code' | 'township' | 'village' | 'username' | 'name' | 'phone', string | undefined>>;

/** Checks the options; every mistake is named (never a stack trace). */
export function parseCreateUserArgs(v: Values): CreateUserArgs {
  const role = v.role?.trim().toUpperCase();
  if (!role) throw new CreateUserArgsError('--role is required');
  if (!ROLES.includes(role as StaffRole)) throw new CreateUserArgsError(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(v.role)})`);
  const county = v.county?.trim();
  if (!county) throw new CreateUserArgsError('--county is required (the county name, e.g. 青山县)');
  if (county.length > 64) throw new CreateUserArgsError('--county is at most 64 characters');
  const username = v.username?.trim().toLowerCase();
  if (!username) throw new CreateUserArgsError('--username is required');
  if (!USERNAME.test(username)) throw new CreateUserArgsError('--username: 3 to 40 of a-z, 0-9, dot, dash, underscore, starting with a letter or digit');
  const countyCode = v['county-code']?.trim() || null;
  if (countyCode && !/^\d{6}$/.test(countyCode)) throw new CreateUserArgsError('--county-code is 6 digits (行政区划代码)');
  const township = v.township?.trim() || null;
  const village = v.village?.trim() || null;
  if ((role === 'TOWNSHIP_MEDIATOR' || role === 'VILLAGE_OPERATOR') && !township) throw new CreateUserArgsError(`--township is required for ${role}`);
  if (role === 'VILLAGE_OPERATOR' && !village) throw new CreateUserArgsError('--village is required for VILLAGE_OPERATOR');
  if (role !== 'VILLAGE_OPERATOR' && village) throw new CreateUserArgsError(`--village is only for VILLAGE_OPERATOR`);
  if ((role === 'COUNTY_ADMIN' || role === 'COUNTY_LEGAL_ADVISOR') && township) throw new CreateUserArgsError(`${role} belongs to the county: leave out --township`);
  const displayName = v.name?.trim() || username;
  if (displayName.length > 64) throw new CreateUserArgsError('--name is at most 64 characters');
  return { role: role as StaffRole, county, countyCode, township, village, username, displayName, phone: v.phone?.trim() || null };
}

/** Creates the account (and the county if needed) through the organisation module; the password is returned once. */
export async function createUserFromArgs(prisma: PrismaClient, a: CreateUserArgs) {
  const { password, passwordHash } = await staffPassword();
  return prisma.$transaction(async (tx) => {
    const { county, created } = await ensureCounty(tx, { name: a.county, code: a.countyCode });
    let townshipId: string | null = null;
    let villageId: string | null = null;
    let place = county.name;
    if (a.township) {
      const t = await tx.township.findFirst({ where: { countyId: county.id, name: a.township } });
      if (!t) throw new CreateUserArgsError(`${county.name} has no township named ${a.township}`);
      townshipId = t.id;
      place = t.name;
      if (a.village) {
        const v = await tx.village.findFirst({ where: { townshipId: t.id, name: a.village } });
        if (!v) throw new CreateUserArgsError(`${t.name} has no village named ${a.village}`);
        villageId = v.id;
        place = `${t.name} ${v.name}`;
      }
    }
    const account = await createStaffAccount(tx, {
      countyId: county.id,
      username: a.username,
      displayName: a.displayName,
      role: a.role,
      phone: a.phone,
      passwordHash,
      ...(a.role === 'TOWNSHIP_MEDIATOR' ? { townshipId } : {}),
      ...(a.role === 'VILLAGE_OPERATOR' ? { villageId } : {}),
    });
    await tx.auditLog.create({ data: { actorType: 'SYSTEM', action: 'staff.create', entityType: 'StaffAccount', entityId: account.id, details: { role: a.role, via: 'cli' } } });
    return { account, password, place, county: county.name, countyCreated: created, office: legalOfficeName(county.name) };
  });
}
