import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { StaffAccount, Township, Village } from '@shuoshi/db';
import type { ApiDeps } from '../domain/context';
import { addStaff, addTalkRoom, addTownship, addVillage, listStaffAccounts, resetStaffPassword, updateDivision } from '../domain/org-admin';
import { allow, ctxOf } from '../plugins/authenticate';
import { Errors, IdParams, StaffRole, TalkRoomKind, Text, Uuid, isoOrNull } from './schemas';
import { ItemsOf, NewTownshipView, NewVillageView, StaffAccountDetail, TalkRoomView, TownshipView, VillageView, WithPassword } from '@shuoshi/protocol';
import { staffView, talkRoomView } from './views/org';

/** The county administrator's organisation management (issue #13): every route is COUNTY_ADMIN only, own county. */
const security = [{ bearer: [] }];
const TAGS = ['organisation'];
const Code = (digits: number) => Type.String({ pattern: `^\\d{${digits}}$`, description: `行政区划代码, ${digits} digits` });
const Patch = Type.Object({ name: Type.Optional(Text(64)), active: Type.Optional(Type.Boolean()) }, { additionalProperties: false, minProperties: 1 });

const townshipView = (t: Township): Static<typeof TownshipView> => ({ id: t.id, countyId: t.countyId, name: t.name, code: t.code, active: t.active });
const villageView = (v: Village): Static<typeof VillageView> => ({ id: v.id, townshipId: v.townshipId, name: v.name, code: v.code, active: v.active });

const staffDetail = (s: StaffAccount): Static<typeof StaffAccountDetail> => ({ ...staffView(s), phone: s.phone, active: s.active, lastLoginAt: isoOrNull(s.lastLoginAt) });

export async function orgAdminRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const admin = allow('staff');

  r.post('/townships', {
    onRequest: admin,
    schema: {
      tags: TAGS, summary: 'Create a township (乡镇) with its mediation room (调解室)', security,
      body: Type.Object({ name: Text(64), code: Type.Optional(Code(9)) }, { additionalProperties: false }),
      response: { 201: NewTownshipView, ...Errors },
    },
  }, async (req, reply) => {
    const made = await addTownship(ctxOf(deps, req), req.body);
    return reply.status(201).send({ township: townshipView(made.township), mediationRoom: talkRoomView(made.mediationRoom) });
  });

  r.patch('/townships/:id', {
    onRequest: admin,
    schema: { tags: TAGS, summary: 'Rename or (de)activate a township; deactivating closes its talk rooms', security, params: IdParams, body: Patch, response: { 200: TownshipView, ...Errors } },
  }, async (req) => townshipView((await updateDivision(ctxOf(deps, req), 'township', req.params.id, req.body)) as Township));

  r.post('/villages', {
    onRequest: admin,
    schema: {
      tags: TAGS, summary: 'Create a village (村) of a township, with its talk room (说事拉理室)', security,
      body: Type.Object({ townshipId: Uuid, name: Text(64), code: Type.Optional(Code(12)) }, { additionalProperties: false }),
      response: { 201: NewVillageView, ...Errors },
    },
  }, async (req, reply) => {
    const made = await addVillage(ctxOf(deps, req), req.body);
    return reply.status(201).send({ village: villageView(made.village), talkRoom: talkRoomView(made.talkRoom) });
  });

  r.patch('/villages/:id', {
    onRequest: admin,
    schema: { tags: TAGS, summary: 'Rename or (de)activate a village; deactivating closes its talk rooms', security, params: IdParams, body: Patch, response: { 200: VillageView, ...Errors } },
  }, async (req) => villageView((await updateDivision(ctxOf(deps, req), 'village', req.params.id, req.body)) as Village));

  r.post('/talk-rooms', {
    onRequest: admin,
    schema: {
      tags: TAGS, summary: "Create a talk room: a village's (villageId), a township's mediation room (townshipId) or the county legal office", security,
      body: Type.Object({ kind: TalkRoomKind, name: Text(64), townshipId: Type.Optional(Uuid), villageId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: TalkRoomView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(talkRoomView(await addTalkRoom(ctxOf(deps, req), req.body))));

  r.patch('/talk-rooms/:id', {
    onRequest: admin,
    schema: { tags: TAGS, summary: "Rename or (de)activate a talk room; deactivating stops its devices", security, params: IdParams, body: Patch, response: { 200: TalkRoomView, ...Errors } },
  }, async (req) => talkRoomView((await updateDivision(ctxOf(deps, req), 'talk-room', req.params.id, req.body)) as Parameters<typeof talkRoomView>[0]));

  r.get('/staff-accounts', {
    onRequest: admin,
    schema: {
      tags: TAGS, summary: "Every staff account of the administrator's county, disabled ones included", security,
      querystring: Type.Object({ role: Type.Optional(StaffRole) }, { additionalProperties: false }),
      response: { 200: ItemsOf(StaffAccountDetail), ...Errors },
    },
  }, async (req) => ({ items: (await listStaffAccounts(ctxOf(deps, req), req.query)).map(staffDetail) }));

  r.post('/staff', {
    onRequest: admin,
    schema: {
      tags: TAGS,
      summary: 'Create a staff account: a mediator names a township, a grid worker (VILLAGE_OPERATOR) a village talk room (or village), a lawyer or admin nothing. The password is shown once',
      security,
      body: Type.Object({
        username: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$', description: '3–40 of a-z, 0-9, . _ -' }),
        displayName: Text(64),
        role: StaffRole,
        phone: Type.Optional(Type.String({ pattern: '^[0-9+ -]{5,20}$' })),
        townshipId: Type.Optional(Uuid),
        villageId: Type.Optional(Uuid),
        talkRoomId: Type.Optional(Uuid),
      }, { additionalProperties: false }),
      response: { 201: WithPassword, ...Errors },
    },
  }, async (req, reply) => {
    const { account, password } = await addStaff(ctxOf(deps, req), req.body);
    return reply.status(201).send({ account: staffDetail(account), password });
  });

  r.post('/staff/:id/reset-password', {
    onRequest: admin,
    schema: { tags: TAGS, summary: "Give a staff account a new random password (shown once); its sign-ins end", security, params: IdParams, response: { 200: WithPassword, ...Errors } },
  }, async (req) => {
    const { account, password } = await resetStaffPassword(ctxOf(deps, req), req.params.id);
    return { account: staffDetail(account), password };
  });
}
