import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { enrolDevice, listDevices, revokeDevice } from '../auth/devices';
import type { ApiDeps } from '../domain/context';
import { getOrganisation, getTalkRoom, listStaff, listTalkRooms } from '../domain/organisation';
import { setStaffActive } from '../domain/staff-accounts';
import { allow, ctxOf } from '../plugins/authenticate';
import { Errors, IdParams, PageOf, PageQuery, StaffRole, TalkRoomKind, Text, Uuid } from './schemas';
import { DeviceEnrolmentView, DeviceView, ItemsOf, OrganisationView, StaffAccountView, StaffDirectoryEntry, TalkRoomView } from '@shuoshi/protocol';
import { deviceView, staffView, talkRoomView } from './views/org';

/** /api/organisation and /api/talk-rooms (read), talk-room device enrolment, disabling staff accounts. */
export async function organisationRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.get('/organisation', {
    onRequest: allow('staff', 'device'),
    schema: { tags: ['organisation'], summary: 'The county, its townships (乡镇) and villages (村)', security, response: { 200: OrganisationView, ...Errors } },
  }, async (req) => {
    const c = await getOrganisation(ctxOf(deps, req));
    const div = (d: { id: string; name: string; code: string | null; active?: boolean }) => ({ id: d.id, name: d.name, code: d.code, active: d.active ?? true });
    return { county: div(c), townships: c.townships.map((t) => ({ ...div(t), villages: t.villages.map(div) })) };
  });

  r.get('/staff', {
    onRequest: allow('staff'),
    schema: {
      tags: ['organisation'],
      summary: "The county's active staff (names and roles), e.g. the legal advisors to invite to a session",
      security,
      querystring: Type.Object({ role: Type.Optional(StaffRole) }, { additionalProperties: false }),
      response: { 200: ItemsOf(StaffDirectoryEntry), ...Errors },
    },
  }, async (req) => ({
    items: (await listStaff(ctxOf(deps, req), req.query)).map((s) => ({ id: s.id, displayName: s.displayName, role: s.role, townshipId: s.townshipId, villageId: s.villageId })),
  }));

  for (const what of ['disable', 'enable'] as const) {
    r.post(`/staff/:id/${what}`, {
      onRequest: allow('staff'),
      schema: {
        tags: ['organisation'],
        summary: what === 'disable'
          ? "A county administrator disables a staff account of their county: sign-in, refresh, tokens and open sockets stop at once (idempotent)"
          : 'A county administrator re-enables a disabled staff account of their county (idempotent)',
        security,
        params: IdParams,
        response: { 200: StaffAccountView, ...Errors },
      },
    }, async (req) => {
      const s = await setStaffActive(ctxOf(deps, req), req.params.id, what === 'enable');
      return { ...staffView(s), active: s.active };
    });
  }

  r.get('/talk-rooms', {
    onRequest: allow('staff', 'device'),
    schema: {
      tags: ['organisation'],
      summary: 'Talk rooms of the county (说事拉理室, 调解室, legal office)',
      security,
      querystring: Type.Object({ kind: Type.Optional(TalkRoomKind), townshipId: Type.Optional(Uuid), villageId: Type.Optional(Uuid), ...PageQuery }, { additionalProperties: false }),
      response: { 200: PageOf(TalkRoomView), ...Errors },
    },
  }, async (req) => {
    const { items, total } = await listTalkRooms(ctxOf(deps, req), req.query);
    return { items: items.map(talkRoomView), page: req.query.page, pageSize: req.query.pageSize, total };
  });

  r.get('/talk-rooms/:id', {
    onRequest: allow('staff', 'device'),
    schema: { tags: ['organisation'], summary: 'One talk room', security, params: IdParams, response: { 200: TalkRoomView, ...Errors } },
  }, async (req) => talkRoomView(await getTalkRoom(ctxOf(deps, req), req.params.id)));

  r.post('/talk-rooms/:id/devices', {
    onRequest: allow('staff'),
    schema: {
      tags: ['devices'],
      summary: "Enrol a talk room's device: the credential is shown once",
      security,
      params: IdParams,
      body: Type.Object({ label: Type.Optional(Text(64)) }, { additionalProperties: false }),
      response: { 201: DeviceEnrolmentView, ...Errors },
    },
  }, async (req, reply) => {
    const { device, token } = await enrolDevice(ctxOf(deps, req), req.params.id, req.body.label);
    return reply.status(201).send({ device: deviceView(device), token });
  });

  r.get('/talk-rooms/:id/devices', {
    onRequest: allow('staff'),
    schema: { tags: ['devices'], summary: "A talk room's devices", security, params: IdParams, response: { 200: ItemsOf(DeviceView), ...Errors } },
  }, async (req) => ({ items: (await listDevices(ctxOf(deps, req), req.params.id)).map(deviceView) }));

  r.delete('/talk-rooms/:id/devices/:deviceId', {
    onRequest: allow('staff'),
    schema: {
      tags: ['devices'],
      summary: 'Revoke a device (idempotent)',
      security,
      params: Type.Object({ id: Uuid, deviceId: Uuid }),
      response: { 200: DeviceView, ...Errors },
    },
  }, async (req) => deviceView(await revokeDevice(ctxOf(deps, req), req.params.id, req.params.deviceId)));
}
