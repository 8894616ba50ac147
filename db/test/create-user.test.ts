import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateUserArgsError, createUserFromArgs, parseCreateUserArgs } from '../src/cli/create-user-args';
import { createTownship, createVillage } from '../src/organisation';
import { verifyPassword } from '../src/passwords';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { mode } from './helpers';

describe(`npm run user:create (${mode})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('refuses missing or wrong options with a sentence naming the option', () => {
    const bad = (v: Record<string, string>, re: RegExp) => expect(() => parseCreateUserArgs(v)).toThrow(re);
    bad({ county: '青山县', username: 'admin' }, /--role is required/);
    bad({ role: 'BOSS', county: '青山县', username: 'admin' }, /--role must be one of/);
    bad({ role: 'COUNTY_ADMIN', username: 'admin' }, /--county is required/);
    bad({ role: 'COUNTY_ADMIN', county: '青山县' }, /--username is required/);
    bad({ role: 'COUNTY_ADMIN', county: '青山县', username: 'a b' }, /--username: 3 to 40/);
    bad({ role: 'TOWNSHIP_MEDIATOR', county: '青山县', username: 'li.ming' }, /--township is required/);
    bad({ role: 'VILLAGE_OPERATOR', county: '青山县', township: '青山镇', username: 'zq' + 'x' }, /--village is required/);
    bad({ role: 'COUNTY_ADMIN', county: '青山县', township: '青山镇', username: 'admin' }, /leave out --township/);
    bad({ role: 'COUNTY_ADMIN', county: '青山县', 'county-code': '12', username: 'admin' }, /6 digits/);
    expect(() => parseCreateUserArgs({})).toThrow(CreateUserArgsError);
  });

  it('creates the first administrator and the county on an empty database; the printed password signs in', async () => {
    expect(await db.prisma.county.count()).toBe(0);
    const r = await createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'county_admin', county: '新安县', username: 'Admin.Zhou', name: '县管理员 周敏' }));
    expect(r.countyCreated).toBe(true);
    expect(r.account).toMatchObject({ username: 'admin.zhou', role: 'COUNTY_ADMIN', townshipId: null, villageId: null, active: true });
    expect(await verifyPassword(r.account.passwordHash, r.password)).toBe(true);
    expect(await db.prisma.talkRoom.count({ where: { countyId: r.account.countyId, kind: 'COUNTY_LEGAL_OFFICE' } })).toBe(1);
    expect(await db.prisma.township.count()).toBe(0); // no demo data
    expect(await db.prisma.auditLog.count({ where: { action: 'staff.create', entityId: r.account.id } })).toBe(1);

    // a second account in the same county reuses it; a taken username is refused
    const again = await createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'COUNTY_LEGAL_ADVISOR', county: '新安县', username: 'lawyer.chen' }));
    expect(again.countyCreated).toBe(false);
    expect(again.account.countyId).toBe(r.account.countyId);
    expect(again.account.talkRoomId).not.toBeNull(); // the county legal office
    await expect(createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'COUNTY_ADMIN', county: '新安县', username: 'admin.zhou' }))).rejects.toMatchObject({ code: 'USERNAME_TAKEN' });
  });

  it('puts a mediator in a township and a grid worker in a village talk room, by name', async () => {
    const county = await db.prisma.county.findFirstOrThrow({ where: { name: '新安县' } });
    const { township, mediationRoom } = await createTownship(db.prisma, { countyId: county.id, name: '河口镇' });
    const { village, talkRoom } = await createVillage(db.prisma, { countyId: county.id, townshipId: township.id, name: '上河村' });
    const m = await createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'TOWNSHIP_MEDIATOR', county: '新安县', township: '河口镇', username: 'mediator.he' }));
    expect(m.account).toMatchObject({ townshipId: township.id, villageId: null, talkRoomId: mediationRoom.id });
    const o = await createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'VILLAGE_OPERATOR', county: '新安县', township: '河口镇', village: '上河村', username: 'op.shanghe' }));
    expect(o.account).toMatchObject({ townshipId: township.id, villageId: village.id, talkRoomId: talkRoom.id });
    expect(o.place).toBe('河口镇 上河村');
    await expect(createUserFromArgs(db.prisma, parseCreateUserArgs({ role: 'TOWNSHIP_MEDIATOR', county: '新安县', township: '无此镇', username: 'nobody' }))).rejects.toThrow(/no township named 无此镇/);
  });
});
