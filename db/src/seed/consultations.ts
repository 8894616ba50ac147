import type { ConsultationStatus, DisputeCategory } from '../generated/prisma/client';
import { DAY, arrivalTimes, type PartyPool } from './lifecycle';
import { description } from './names';
import type { Organisation } from './organisation';
import type { Random } from './random';
import type { SeedTables } from './tables';

const MIN = 60_000;
/** Villagers ask lawyers about money and work more than they bring such disputes to mediation. */
const TOPIC_WEIGHTS: Record<DisputeCategory, number> = {
  LAND_HOMESTEAD: 22,
  NEIGHBOUR: 10,
  MARRIAGE_FAMILY: 22,
  CONTRACT_DEBT: 20,
  LABOUR_WAGES: 14,
  PERSONAL_INJURY: 7,
  OTHER: 5,
};

/** 远程法律咨询 from the village talk rooms to the county lawyers. */
export function planConsultations(rnd: Random, t: SeedTables, org: Organisation, parties: PartyPool, opts: { count: number; years: number; asOf: Date }): void {
  const asOf = opts.asOf.getTime();
  const total = org.villages.reduce((s, v) => s + v.weight, 0);
  for (const requested of arrivalTimes(rnd, opts.count, opts.years, opts.asOf)) {
    let x = rnd.next() * total;
    const village = org.villages.find((v) => (x -= v.weight) < 0) ?? org.villages[0]!;
    const topic = rnd.weighted(TOPIC_WEIGHTS);
    const req = requested.getTime();
    const fresh = asOf - req < DAY;
    let status: ConsultationStatus = fresh ? rnd.weighted({ QUEUED: 3, ACCEPTED: 2, CALLBACK_SCHEDULED: 2, ANSWERED: 3 }) : rnd.chance(0.91) ? 'ANSWERED' : 'ABANDONED';
    const lawyer = status === 'QUEUED' || status === 'ABANDONED' ? null : rnd.pick(org.lawyerIds);
    const acceptedAt = lawyer ? Math.min(asOf, req + rnd.int(2, 90) * MIN) : null;
    let answeredAt = status === 'ANSWERED' ? acceptedAt! + rnd.int(10, 40) * MIN : null;
    if (answeredAt !== null && answeredAt > asOf) {
      status = 'ACCEPTED';
      answeredAt = null;
    }
    const callbackAt = status === 'CALLBACK_SCHEDULED' ? req + DAY : null;
    const abandonedAt = status === 'ABANDONED' ? req + rnd.int(10, 60) * MIN : null;
    const partyId = rnd.chance(0.5) ? parties.existing(village.id) : null;
    const id = rnd.uuid7(requested);
    const answered = answeredAt !== null;
    t.consultations.add(
      id, org.countyId, village.talkRoomId, village.operatorId, partyId, topic, `咨询：${description(rnd, topic)}，应如何处理？`, status, requested,
      lawyer, acceptedAt === null ? null : new Date(acceptedAt), callbackAt === null ? null : new Date(callbackAt),
      answered ? new Date(answeredAt!) : null, abandonedAt === null ? null : new Date(abandonedAt),
      answered ? '村民咨询纠纷处理途径' : null, answered ? '建议先行申请人民调解，保留相关证据；调解不成可向法院起诉。' : null, answered ? rnd.chance(0.12) : null, null,
    );
    if (answered && rnd.chance(0.7)) {
      const sid = rnd.uuid7(new Date(acceptedAt!));
      t.sessions.add(sid, 'CONSULTATION', null, id, `r-${sid}`, lawyer!, new Date(acceptedAt!), new Date(acceptedAt!), new Date(answeredAt!), null, new Date(acceptedAt!));
      t.invites.add(rnd.uuid7(new Date(acceptedAt!)), sid, village.talkRoomId, null, null, lawyer, new Date(acceptedAt!), new Date(acceptedAt!));
    }
  }
}
