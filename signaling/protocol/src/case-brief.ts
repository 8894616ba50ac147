import { Type, type Static } from '@sinclair/typebox';

/**
 * Where a party of the case joins from: a village talk room (its name), their own phone
 * (an invite code), or either (every party has a code and the talk room is invited too:
 * the schedule page's defaults); null when the session invites neither for them.
 */
export const JoinsFrom = Type.Union([
  Type.Object({ kind: Type.Literal('talkRoom'), name: Type.String({ maxLength: 64 }) }),
  Type.Object({ kind: Type.Literal('phone') }),
  Type.Object({ kind: Type.Literal('phoneOrTalkRoom'), name: Type.String({ maxLength: 64 }) }),
  Type.Null(),
]);
export type JoinsFrom = Static<typeof JoinsFrom>;

/**
 * What every admitted seat of a session's room may know about what the session is
 * about (`room:brief`): the case's number and category (or the consultation's topic),
 * each party's name and side, where they join from, and when the session started.
 * Nothing private: no phone numbers, ID numbers, addresses, case description, notes
 * or ids. A room with no session (a test room) has no brief.
 */
export const CaseBrief = Type.Object({
  kind: Type.Union([Type.Literal('MEDIATION'), Type.Literal('CONSULTATION')]),
  /** 2026-青山镇-0042; null for a consultation. */
  caseNumber: Type.Union([Type.String({ maxLength: 64 }), Type.Null()]),
  /** The dispute's category (or the consultation's topic): a DisputeCategory, shown in words. */
  category: Type.Union([Type.String({ maxLength: 32 }), Type.Null()]),
  /** The case's parties, 申请方 (A) first. */
  parties: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 64 }),
      side: Type.Union([Type.Literal('A'), Type.Literal('B'), Type.Literal('OTHER')]),
      joinsFrom: JoinsFrom,
    }),
    { maxItems: 32 },
  ),
  /** When the session started (the first host took a seat); the timer counts from it. */
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /** The server's clock when it answered: the page corrects its own clock by it. */
  serverTime: Type.String({ format: 'date-time' }),
});
export type CaseBrief = Static<typeof CaseBrief>;
