import { TableRows } from './bulk';

/** Every table the county generator writes, in foreign-key order. */
export function seedTables() {
  return {
    counties: new TableRows('counties', [['id', 'uuid'], ['code', 'text'], ['name', 'text'], ['created_at', 'timestamptz']]),
    townships: new TableRows('townships', [['id', 'uuid'], ['county_id', 'uuid'], ['code', 'text'], ['name', 'text'], ['created_at', 'timestamptz']]),
    villages: new TableRows('villages', [['id', 'uuid'], ['township_id', 'uuid'], ['code', 'text'], ['name', 'text'], ['created_at', 'timestamptz']]),
    talkRooms: new TableRows('talk_rooms', [['id', 'uuid'], ['kind', 'talk_room_kind'], ['name', 'text'], ['county_id', 'uuid'], ['township_id', 'uuid'], ['village_id', 'uuid'], ['active', 'boolean'], ['created_at', 'timestamptz']]),
    staff: new TableRows('staff_accounts', [
      ['id', 'uuid'], ['username', 'text'], ['display_name', 'text'], ['password_hash', 'text'], ['role', 'staff_role'], ['phone', 'text'],
      ['county_id', 'uuid'], ['township_id', 'uuid'], ['village_id', 'uuid'], ['talk_room_id', 'uuid'], ['active', 'boolean'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
    ]),
    parties: new TableRows('parties', [
      ['id', 'uuid'], ['name', 'text'], ['phone', 'text'], ['village_id', 'uuid'], ['id_number_masked', 'text'], ['id_number_hash', 'text'], ['created_by_id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
    ]),
    counters: new TableRows('case_number_counters', [['township_id', 'uuid'], ['year', 'int'], ['last_number', 'int']]),
    cases: new TableRows('cases', [
      ['id', 'uuid'], ['case_number', 'text'], ['year', 'int'], ['sequence', 'int'], ['category', 'dispute_category'], ['intake_channel', 'intake_channel'], ['description', 'text'],
      ['handling_level', 'handling_level'], ['status', 'case_status'], ['county_id', 'uuid'], ['township_id', 'uuid'], ['village_id', 'uuid'], ['legal_hold', 'boolean'],
      ['created_by_id', 'uuid'], ['accepted_at', 'timestamptz'], ['closed_at', 'timestamptz'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'],
    ]),
    caseParties: new TableRows('case_parties', [['case_id', 'uuid'], ['party_id', 'uuid'], ['side', 'party_side'], ['note', 'text'], ['added_at', 'timestamptz']]),
    consultations: new TableRows('consultations', [
      ['id', 'uuid'], ['county_id', 'uuid'], ['talk_room_id', 'uuid'], ['requested_by_id', 'uuid'], ['party_id', 'uuid'], ['topic', 'dispute_category'], ['question', 'text'],
      ['status', 'consultation_status'], ['requested_at', 'timestamptz'], ['lawyer_id', 'uuid'], ['accepted_at', 'timestamptz'], ['callback_at', 'timestamptz'],
      ['answered_at', 'timestamptz'], ['abandoned_at', 'timestamptz'], ['question_summary', 'text'], ['advice', 'text'], ['should_become_case', 'boolean'], ['case_id', 'uuid'],
    ]),
    sessions: new TableRows('sessions', [
      ['id', 'uuid'], ['kind', 'session_kind'], ['case_id', 'uuid'], ['consultation_id', 'uuid'], ['room_id', 'text'], ['host_id', 'uuid'],
      ['scheduled_at', 'timestamptz'], ['started_at', 'timestamptz'], ['ended_at', 'timestamptz'], ['cancelled_at', 'timestamptz'], ['created_at', 'timestamptz'],
    ]),
    invites: new TableRows('session_invites', [
      ['id', 'uuid'], ['session_id', 'uuid'], ['talk_room_id', 'uuid'], ['party_id', 'uuid'], ['staff_id', 'uuid'], ['invited_by_id', 'uuid'], ['invited_at', 'timestamptz'], ['joined_at', 'timestamptz'],
    ]),
    referrals: new TableRows('referrals', [
      ['id', 'uuid'], ['case_id', 'uuid'], ['from_level', 'handling_level'], ['from_township_id', 'uuid'], ['from_village_id', 'uuid'], ['to_level', 'handling_level'],
      ['to_township_id', 'uuid'], ['to_village_id', 'uuid'], ['to_external', 'text'], ['reason', 'text'], ['referred_by_id', 'uuid'], ['referred_at', 'timestamptz'],
    ]),
    outcomes: new TableRows('outcomes', [
      ['id', 'uuid'], ['case_id', 'uuid'], ['session_id', 'uuid'], ['type', 'outcome_type'], ['terms', 'text'], ['signed_at', 'timestamptz'], ['judicial_confirmation_deadline', 'timestamptz'],
      ['verbal_content', 'text'], ['reason', 'text'], ['recorded_by_id', 'uuid'], ['recorded_at', 'timestamptz'],
    ]),
    signatures: new TableRows('agreement_signatures', [['id', 'uuid'], ['outcome_id', 'uuid'], ['party_id', 'uuid'], ['image_path', 'text'], ['sha256', 'text'], ['witnessed_by_id', 'uuid'], ['signed_at', 'timestamptz']]),
    followUps: new TableRows('follow_ups', [
      ['id', 'uuid'], ['case_id', 'uuid'], ['outcome_id', 'uuid'], ['assignee_id', 'uuid'], ['due_at', 'timestamptz'], ['done_at', 'timestamptz'], ['result', 'follow_up_result'], ['notes', 'text'], ['created_at', 'timestamptz'],
    ]),
    events: new TableRows('case_events', [['case_id', 'uuid'], ['type', 'case_event_type'], ['actor_id', 'uuid'], ['payload', 'jsonb'], ['at', 'timestamptz']]),
    audit: new TableRows('audit_logs', [['actor_type', 'audit_actor_type'], ['action', 'text'], ['entity_type', 'text'], ['entity_id', 'text'], ['at', 'timestamptz'], ['details', 'jsonb']]),
  };
}

export type SeedTables = ReturnType<typeof seedTables>;
