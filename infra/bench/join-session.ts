/**
 * The session `npm run bench:join` measures, set up the way people set one up: an
 * organisation in the database (a township mediator and the county's legal advisors,
 * each with a password, and a case in mediation), then only the REST API: the
 * mediator signs in, schedules a session for the case inviting the advisors, starts
 * it and takes the host's join token; each joiner signs in as an invited advisor and
 * asks the API for their own join token. Whether a joiner waits in the lobby is the
 * server's decision (domain/sessions.ts), not the benchmark's.
 */
import { hashPassword, type PrismaClient, type StaffAccount } from '@shuoshi/db';
import { seedEvidenceFixture } from '../../signaling/test/recording/fixture';
import { api, joinToken, signIn as signInWith, type JoinToken } from './rest';

/** How many advisors one session may invite (POST /api/sessions: staffIds maxItems). */
const MAX_INVITED_STAFF = 10;
const PASSWORD = 'bench-join-password';

export interface BenchSession {
  sessionId: string;
  roomId: string;
  /** The host's (the mediator's) join token. */
  host: JoinToken;
  /** A join token for joiner `i`, issued by the API to the invited advisor `i mod invitees` after they sign in. */
  joiner(i: number): Promise<JoinToken>;
  /** A LiveKit token for joiner `i` (POST /api/sessions/:id/livekit-token), the same seat as joiner(i). */
  liveKitJoiner(i: number): Promise<{ token: string; identity: string }>;
  invitees: number;
}

export const signIn = (baseUrl: string, username: string) => signInWith(baseUrl, username, PASSWORD);

/** A bench organisation: a township mediator with a case in mediation, and `advisors` county legal advisors; every one signs in with PASSWORD. */
export interface BenchOrganisation {
  caseId: string;
  mediator: StaffAccount;
  advisors: StaffAccount[];
}

/** Seeds the organisation (the database, as its administrators would have set it up). */
export async function seedBenchOrganisation(prisma: PrismaClient, advisorCount: number): Promise<BenchOrganisation> {
  const fx = await seedEvidenceFixture(prisma, 'bench-join-seeded');
  const passwordHash = await hashPassword(PASSWORD);
  await prisma.staffAccount.update({ where: { id: fx.staff.mediator.id }, data: { passwordHash } });
  const advisors: StaffAccount[] = [];
  for (let i = 0; i < advisorCount; i++) {
    advisors.push(
      await prisma.staffAccount.create({
        data: { username: `advisor.${i + 1}`, displayName: `法律顾问 ${i + 1}`, role: 'COUNTY_LEGAL_ADVISOR', countyId: fx.countyId, passwordHash },
      }),
    );
  }
  return { caseId: fx.caseId, mediator: fx.staff.mediator, advisors };
}

/** Through the API, as the mediator (`mediator`: their access token): schedules a mediation of the case inviting `staffIds` and starts it. */
export async function startBenchSession(baseUrl: string, mediator: string, caseId: string, staffIds: string[]): Promise<{ id: string; roomId: string }> {
  const session = await api<{ id: string; roomId: string }>(baseUrl, 'POST', '/sessions', { kind: 'MEDIATION', caseId, staffIds }, mediator);
  await api(baseUrl, 'POST', `/sessions/${session.id}/start`, undefined, mediator);
  return session;
}

/** Seeds the organisation and schedules, through the API, a started session inviting `min(joiners, 10)` legal advisors. */
export async function setUpBenchSession(prisma: PrismaClient, baseUrl: string, joiners: number): Promise<BenchSession> {
  const invitees = Math.max(1, Math.min(joiners, MAX_INVITED_STAFF));
  const { caseId, mediator: mediatorAccount, advisors } = await seedBenchOrganisation(prisma, invitees);

  const mediator = await signIn(baseUrl, mediatorAccount.username);
  const session = await startBenchSession(baseUrl, mediator, caseId, advisors.map((a) => a.id));
  const host = await joinToken(baseUrl, session.id, mediator);

  const accessTokens = new Map<number, string>();
  const accessOf = async (i: number) => {
    const k = i % invitees;
    let access = accessTokens.get(k);
    if (!access) {
      access = await signIn(baseUrl, advisors[k]!.username);
      accessTokens.set(k, access);
    }
    return access;
  };
  return {
    sessionId: session.id,
    roomId: session.roomId,
    host,
    invitees,
    joiner: async (i) => joinToken(baseUrl, session.id, await accessOf(i)),
    liveKitJoiner: async (i) => api(baseUrl, 'POST', `/sessions/${session.id}/livekit-token`, undefined, await accessOf(i)),
  };
}
