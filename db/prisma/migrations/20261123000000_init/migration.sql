-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "talk_room_kind" AS ENUM ('VILLAGE_TALK_ROOM', 'TOWNSHIP_MEDIATION_ROOM', 'COUNTY_LEGAL_OFFICE');

-- CreateEnum
CREATE TYPE "staff_role" AS ENUM ('VILLAGE_OPERATOR', 'TOWNSHIP_MEDIATOR', 'COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN');

-- CreateEnum
CREATE TYPE "dispute_category" AS ENUM ('LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER');

-- CreateEnum
CREATE TYPE "intake_channel" AS ENUM ('WALK_IN', 'PHONE', 'ONLINE', 'REFERRAL');

-- CreateEnum
CREATE TYPE "handling_level" AS ENUM ('VILLAGE', 'TOWNSHIP', 'COUNTY');

-- CreateEnum
CREATE TYPE "case_status" AS ENUM ('ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED');

-- CreateEnum
CREATE TYPE "party_side" AS ENUM ('A', 'B', 'OTHER');

-- CreateEnum
CREATE TYPE "case_event_type" AS ENUM ('CREATED', 'STATUS_CHANGED', 'PARTY_ADDED', 'PARTY_REMOVED', 'REFERRED', 'SESSION_SCHEDULED', 'SESSION_STARTED', 'SESSION_ENDED', 'OUTCOME_RECORDED', 'AGREEMENT_SIGNED', 'FOLLOW_UP_SCHEDULED', 'FOLLOW_UP_DONE', 'LEGAL_HOLD_SET', 'LEGAL_HOLD_RELEASED', 'NOTE');

-- CreateEnum
CREATE TYPE "session_kind" AS ENUM ('MEDIATION', 'CONSULTATION');

-- CreateEnum
CREATE TYPE "outcome_type" AS ENUM ('WRITTEN_AGREEMENT', 'VERBAL_AGREEMENT', 'FAILED', 'REFERRED');

-- CreateEnum
CREATE TYPE "follow_up_result" AS ENUM ('FULFILLED', 'PARTLY', 'NOT_FULFILLED');

-- CreateEnum
CREATE TYPE "consultation_status" AS ENUM ('QUEUED', 'ACCEPTED', 'CALLBACK_SCHEDULED', 'ANSWERED', 'ABANDONED');

-- CreateEnum
CREATE TYPE "recording_kind" AS ENUM ('AUDIO', 'VIDEO');

-- CreateEnum
CREATE TYPE "consent_decision" AS ENUM ('AGREE', 'DECLINE', 'WITHDRAW');

-- CreateEnum
CREATE TYPE "audit_actor_type" AS ENUM ('STAFF', 'DEVICE', 'PARTY', 'SYSTEM');

-- CreateTable
CREATE TABLE "counties" (
    "id" UUID NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "counties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "townships" (
    "id" UUID NOT NULL,
    "county_id" UUID NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "townships_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "villages" (
    "id" UUID NOT NULL,
    "township_id" UUID NOT NULL,
    "code" TEXT,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "villages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "talk_rooms" (
    "id" UUID NOT NULL,
    "kind" "talk_room_kind" NOT NULL,
    "name" TEXT NOT NULL,
    "county_id" UUID NOT NULL,
    "township_id" UUID,
    "village_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "talk_rooms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff_accounts" (
    "id" UUID NOT NULL,
    "username" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "staff_role" NOT NULL,
    "phone" TEXT,
    "county_id" UUID NOT NULL,
    "township_id" UUID,
    "village_id" UUID,
    "talk_room_id" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "refresh_tokens" (
    "id" UUID NOT NULL,
    "staff_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "user_agent" TEXT,
    "ip" TEXT,

    CONSTRAINT "refresh_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "talk_room_devices" (
    "id" UUID NOT NULL,
    "talk_room_id" UUID NOT NULL,
    "label" TEXT,
    "token_hash" TEXT NOT NULL,
    "enrolled_by_id" UUID NOT NULL,
    "enrolled_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "talk_room_devices_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "parties" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "phone" TEXT,
    "village_id" UUID,
    "id_number_masked" TEXT,
    "id_number_hash" TEXT,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_number_counters" (
    "township_id" UUID NOT NULL,
    "year" INTEGER NOT NULL,
    "last_number" INTEGER NOT NULL,

    CONSTRAINT "case_number_counters_pkey" PRIMARY KEY ("township_id","year")
);

-- CreateTable
CREATE TABLE "cases" (
    "id" UUID NOT NULL,
    "case_number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "sequence" INTEGER NOT NULL,
    "category" "dispute_category" NOT NULL,
    "intake_channel" "intake_channel" NOT NULL,
    "description" TEXT NOT NULL,
    "handling_level" "handling_level" NOT NULL,
    "status" "case_status" NOT NULL DEFAULT 'ACCEPTED',
    "county_id" UUID NOT NULL,
    "township_id" UUID NOT NULL,
    "village_id" UUID,
    "legal_hold" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" UUID NOT NULL,
    "accepted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_parties" (
    "case_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "side" "party_side" NOT NULL,
    "note" TEXT,
    "added_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_parties_pkey" PRIMARY KEY ("case_id","party_id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" BIGSERIAL NOT NULL,
    "case_id" UUID NOT NULL,
    "type" "case_event_type" NOT NULL,
    "actor_id" UUID,
    "payload" JSONB NOT NULL DEFAULT '{}',
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "referrals" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "from_level" "handling_level" NOT NULL,
    "from_township_id" UUID,
    "from_village_id" UUID,
    "to_level" "handling_level" NOT NULL,
    "to_township_id" UUID,
    "to_village_id" UUID,
    "to_external" TEXT,
    "reason" TEXT NOT NULL,
    "referred_by_id" UUID NOT NULL,
    "referred_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "referrals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" UUID NOT NULL,
    "kind" "session_kind" NOT NULL,
    "case_id" UUID,
    "consultation_id" UUID,
    "room_id" TEXT NOT NULL,
    "host_id" UUID NOT NULL,
    "scheduled_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "ended_at" TIMESTAMPTZ(3),
    "cancelled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_invites" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "talk_room_id" UUID,
    "party_id" UUID,
    "staff_id" UUID,
    "invited_by_id" UUID,
    "invited_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "joined_at" TIMESTAMPTZ(3),

    CONSTRAINT "session_invites_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invite_codes" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "code_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_codes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outcomes" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "session_id" UUID,
    "type" "outcome_type" NOT NULL,
    "terms" TEXT,
    "signed_at" TIMESTAMPTZ(3),
    "judicial_confirmation_deadline" TIMESTAMPTZ(3),
    "verbal_content" TEXT,
    "reason" TEXT,
    "recorded_by_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outcomes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "agreement_signatures" (
    "id" UUID NOT NULL,
    "outcome_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "image_path" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "witnessed_by_id" UUID,
    "signed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "agreement_signatures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_ups" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "outcome_id" UUID,
    "assignee_id" UUID NOT NULL,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "done_at" TIMESTAMPTZ(3),
    "result" "follow_up_result",
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follow_ups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consultations" (
    "id" UUID NOT NULL,
    "county_id" UUID NOT NULL,
    "talk_room_id" UUID NOT NULL,
    "requested_by_id" UUID,
    "party_id" UUID,
    "topic" "dispute_category" NOT NULL,
    "question" TEXT NOT NULL,
    "status" "consultation_status" NOT NULL DEFAULT 'QUEUED',
    "requested_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lawyer_id" UUID,
    "accepted_at" TIMESTAMPTZ(3),
    "callback_at" TIMESTAMPTZ(3),
    "answered_at" TIMESTAMPTZ(3),
    "abandoned_at" TIMESTAMPTZ(3),
    "question_summary" TEXT,
    "advice" TEXT,
    "should_become_case" BOOLEAN,
    "case_id" UUID,

    CONSTRAINT "consultations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recordings" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "participant_label" TEXT NOT NULL,
    "kind" "recording_kind" NOT NULL,
    "path" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "duration_ms" INTEGER,
    "bytes" BIGINT,
    "sha256" TEXT,

    CONSTRAINT "recordings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_records" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "participant_label" TEXT NOT NULL,
    "party_id" UUID,
    "staff_id" UUID,
    "decision" "consent_decision" NOT NULL,
    "recorded_by_id" UUID,
    "talk_room_id" UUID,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_logs" (
    "id" BIGSERIAL NOT NULL,
    "actor_type" "audit_actor_type" NOT NULL,
    "actor_id" TEXT,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "case_id" UUID,
    "ip" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "details" JSONB,

    CONSTRAINT "audit_logs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "counties_code_key" ON "counties"("code");

-- CreateIndex
CREATE UNIQUE INDEX "townships_code_key" ON "townships"("code");

-- CreateIndex
CREATE UNIQUE INDEX "townships_county_id_name_key" ON "townships"("county_id", "name");

-- CreateIndex
CREATE UNIQUE INDEX "villages_code_key" ON "villages"("code");

-- CreateIndex
CREATE UNIQUE INDEX "villages_township_id_name_key" ON "villages"("township_id", "name");

-- CreateIndex
CREATE INDEX "talk_rooms_county_id_kind_idx" ON "talk_rooms"("county_id", "kind");

-- CreateIndex
CREATE INDEX "talk_rooms_township_id_idx" ON "talk_rooms"("township_id");

-- CreateIndex
CREATE INDEX "talk_rooms_village_id_idx" ON "talk_rooms"("village_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_accounts_username_key" ON "staff_accounts"("username");

-- CreateIndex
CREATE INDEX "staff_accounts_role_county_id_idx" ON "staff_accounts"("role", "county_id");

-- CreateIndex
CREATE INDEX "staff_accounts_township_id_role_idx" ON "staff_accounts"("township_id", "role");

-- CreateIndex
CREATE INDEX "staff_accounts_village_id_idx" ON "staff_accounts"("village_id");

-- CreateIndex
CREATE UNIQUE INDEX "refresh_tokens_token_hash_key" ON "refresh_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "refresh_tokens_staff_id_idx" ON "refresh_tokens"("staff_id");

-- CreateIndex
CREATE INDEX "refresh_tokens_expires_at_idx" ON "refresh_tokens"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "talk_room_devices_token_hash_key" ON "talk_room_devices"("token_hash");

-- CreateIndex
CREATE INDEX "talk_room_devices_talk_room_id_idx" ON "talk_room_devices"("talk_room_id");

-- CreateIndex
CREATE UNIQUE INDEX "parties_id_number_hash_key" ON "parties"("id_number_hash");

-- CreateIndex
CREATE INDEX "parties_village_id_name_idx" ON "parties"("village_id", "name");

-- CreateIndex
CREATE INDEX "parties_phone_idx" ON "parties"("phone");

-- CreateIndex
CREATE INDEX "cases_township_id_status_accepted_at_idx" ON "cases"("township_id", "status", "accepted_at" DESC);

-- CreateIndex
CREATE INDEX "cases_village_id_status_accepted_at_idx" ON "cases"("village_id", "status", "accepted_at" DESC);

-- CreateIndex
CREATE INDEX "cases_county_id_status_accepted_at_idx" ON "cases"("county_id", "status", "accepted_at" DESC);

-- CreateIndex
CREATE INDEX "cases_county_id_accepted_at_category_idx" ON "cases"("county_id", "accepted_at", "category");

-- CreateIndex
CREATE INDEX "cases_township_id_category_accepted_at_idx" ON "cases"("township_id", "category", "accepted_at");

-- CreateIndex
CREATE INDEX "cases_case_number_idx" ON "cases"("case_number");

-- CreateIndex
CREATE UNIQUE INDEX "cases_county_id_case_number_key" ON "cases"("county_id", "case_number");

-- CreateIndex
CREATE UNIQUE INDEX "cases_township_id_year_sequence_key" ON "cases"("township_id", "year", "sequence");

-- CreateIndex
CREATE INDEX "case_parties_party_id_idx" ON "case_parties"("party_id");

-- CreateIndex
CREATE INDEX "case_events_case_id_at_idx" ON "case_events"("case_id", "at");

-- CreateIndex
CREATE INDEX "referrals_case_id_referred_at_idx" ON "referrals"("case_id", "referred_at");

-- CreateIndex
CREATE UNIQUE INDEX "sessions_room_id_key" ON "sessions"("room_id");

-- CreateIndex
CREATE INDEX "sessions_case_id_idx" ON "sessions"("case_id");

-- CreateIndex
CREATE INDEX "sessions_consultation_id_idx" ON "sessions"("consultation_id");

-- CreateIndex
CREATE INDEX "sessions_host_id_scheduled_at_idx" ON "sessions"("host_id", "scheduled_at");

-- CreateIndex
CREATE INDEX "sessions_scheduled_at_idx" ON "sessions"("scheduled_at");

-- CreateIndex
CREATE INDEX "session_invites_talk_room_id_idx" ON "session_invites"("talk_room_id");

-- CreateIndex
CREATE INDEX "session_invites_party_id_idx" ON "session_invites"("party_id");

-- CreateIndex
CREATE INDEX "session_invites_staff_id_idx" ON "session_invites"("staff_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_invites_session_id_talk_room_id_key" ON "session_invites"("session_id", "talk_room_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_invites_session_id_party_id_key" ON "session_invites"("session_id", "party_id");

-- CreateIndex
CREATE UNIQUE INDEX "session_invites_session_id_staff_id_key" ON "session_invites"("session_id", "staff_id");

-- CreateIndex
CREATE INDEX "invite_codes_code_hash_idx" ON "invite_codes"("code_hash");

-- CreateIndex
CREATE INDEX "invite_codes_session_id_party_id_idx" ON "invite_codes"("session_id", "party_id");

-- CreateIndex
CREATE INDEX "outcomes_case_id_recorded_at_idx" ON "outcomes"("case_id", "recorded_at");

-- CreateIndex
CREATE INDEX "outcomes_judicial_confirmation_deadline_idx" ON "outcomes"("judicial_confirmation_deadline");

-- CreateIndex
CREATE UNIQUE INDEX "agreement_signatures_outcome_id_party_id_key" ON "agreement_signatures"("outcome_id", "party_id");

-- CreateIndex
CREATE INDEX "follow_ups_case_id_idx" ON "follow_ups"("case_id");

-- CreateIndex
CREATE INDEX "follow_ups_assignee_id_done_at_due_at_idx" ON "follow_ups"("assignee_id", "done_at", "due_at");

-- CreateIndex
CREATE INDEX "consultations_county_id_status_requested_at_idx" ON "consultations"("county_id", "status", "requested_at");

-- CreateIndex
CREATE INDEX "consultations_lawyer_id_status_idx" ON "consultations"("lawyer_id", "status");

-- CreateIndex
CREATE INDEX "consultations_talk_room_id_requested_at_idx" ON "consultations"("talk_room_id", "requested_at");

-- CreateIndex
CREATE INDEX "recordings_session_id_started_at_idx" ON "recordings"("session_id", "started_at");

-- CreateIndex
CREATE INDEX "consent_records_session_id_participant_label_at_idx" ON "consent_records"("session_id", "participant_label", "at");

-- CreateIndex
CREATE INDEX "audit_logs_case_id_at_idx" ON "audit_logs"("case_id", "at");

-- CreateIndex
CREATE INDEX "audit_logs_entity_type_entity_id_at_idx" ON "audit_logs"("entity_type", "entity_id", "at");

-- CreateIndex
CREATE INDEX "audit_logs_actor_type_actor_id_at_idx" ON "audit_logs"("actor_type", "actor_id", "at");

-- CreateIndex
CREATE INDEX "audit_logs_at_idx" ON "audit_logs"("at");

-- AddForeignKey
ALTER TABLE "townships" ADD CONSTRAINT "townships_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "villages" ADD CONSTRAINT "villages_township_id_fkey" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "talk_rooms" ADD CONSTRAINT "talk_rooms_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "talk_rooms" ADD CONSTRAINT "talk_rooms_township_id_fkey" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "talk_rooms" ADD CONSTRAINT "talk_rooms_village_id_fkey" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_township_id_fkey" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_village_id_fkey" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_talk_room_id_fkey" FOREIGN KEY ("talk_room_id") REFERENCES "talk_rooms"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "refresh_tokens" ADD CONSTRAINT "refresh_tokens_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "talk_room_devices" ADD CONSTRAINT "talk_room_devices_talk_room_id_fkey" FOREIGN KEY ("talk_room_id") REFERENCES "talk_rooms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "talk_room_devices" ADD CONSTRAINT "talk_room_devices_enrolled_by_id_fkey" FOREIGN KEY ("enrolled_by_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "parties" ADD CONSTRAINT "parties_village_id_fkey" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "parties" ADD CONSTRAINT "parties_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_number_counters" ADD CONSTRAINT "case_number_counters_township_id_fkey" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_township_id_fkey" FOREIGN KEY ("township_id") REFERENCES "townships"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_village_id_fkey" FOREIGN KEY ("village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cases" ADD CONSTRAINT "cases_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_parties" ADD CONSTRAINT "case_parties_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_township_id_fkey" FOREIGN KEY ("from_township_id") REFERENCES "townships"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_from_village_id_fkey" FOREIGN KEY ("from_village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_to_township_id_fkey" FOREIGN KEY ("to_township_id") REFERENCES "townships"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_to_village_id_fkey" FOREIGN KEY ("to_village_id") REFERENCES "villages"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "referrals" ADD CONSTRAINT "referrals_referred_by_id_fkey" FOREIGN KEY ("referred_by_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_host_id_fkey" FOREIGN KEY ("host_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_talk_room_id_fkey" FOREIGN KEY ("talk_room_id") REFERENCES "talk_rooms"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_invited_by_id_fkey" FOREIGN KEY ("invited_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_outcome_id_fkey" FOREIGN KEY ("outcome_id") REFERENCES "outcomes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "agreement_signatures" ADD CONSTRAINT "agreement_signatures_witnessed_by_id_fkey" FOREIGN KEY ("witnessed_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_outcome_id_fkey" FOREIGN KEY ("outcome_id") REFERENCES "outcomes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "staff_accounts"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_talk_room_id_fkey" FOREIGN KEY ("talk_room_id") REFERENCES "talk_rooms"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_lawyer_id_fkey" FOREIGN KEY ("lawyer_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consultations" ADD CONSTRAINT "consultations_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "staff_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_talk_room_id_fkey" FOREIGN KEY ("talk_room_id") REFERENCES "talk_rooms"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─── Hand-written below this line: rules Prisma's schema language cannot express. ───
-- Prisma's diff ignores CHECK constraints, so later migrations leave these alone.

-- A talk room is bound to the division its kind says.
ALTER TABLE "talk_rooms" ADD CONSTRAINT "talk_rooms_division_matches_kind" CHECK (
    ("kind" = 'VILLAGE_TALK_ROOM' AND "township_id" IS NOT NULL AND "village_id" IS NOT NULL)
 OR ("kind" = 'TOWNSHIP_MEDIATION_ROOM' AND "township_id" IS NOT NULL AND "village_id" IS NULL)
 OR ("kind" = 'COUNTY_LEGAL_OFFICE' AND "township_id" IS NULL AND "village_id" IS NULL)
);

-- A staff account is bound to the division its role says.
ALTER TABLE "staff_accounts" ADD CONSTRAINT "staff_accounts_division_matches_role" CHECK (
    ("role" = 'VILLAGE_OPERATOR' AND "township_id" IS NOT NULL AND "village_id" IS NOT NULL)
 OR ("role" = 'TOWNSHIP_MEDIATOR' AND "township_id" IS NOT NULL AND "village_id" IS NULL)
 OR ("role" IN ('COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN') AND "township_id" IS NULL AND "village_id" IS NULL)
);

-- An invite names exactly one invitee.
ALTER TABLE "session_invites" ADD CONSTRAINT "session_invites_one_invitee"
    CHECK (num_nonnulls("talk_room_id", "party_id", "staff_id") = 1);

-- A mediation session belongs to a case; a consultation session may not have one yet.
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_mediation_has_case"
    CHECK ("kind" <> 'MEDIATION' OR "case_id" IS NOT NULL);

ALTER TABLE "case_number_counters" ADD CONSTRAINT "case_number_counters_positive" CHECK ("last_number" > 0);
ALTER TABLE "cases" ADD CONSTRAINT "cases_sequence_positive" CHECK ("sequence" > 0);

-- Each outcome type carries its own content.
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_written_has_terms"
    CHECK ("type" <> 'WRITTEN_AGREEMENT' OR "terms" IS NOT NULL);
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_verbal_has_content"
    CHECK ("type" <> 'VERBAL_AGREEMENT' OR "verbal_content" IS NOT NULL);
ALTER TABLE "outcomes" ADD CONSTRAINT "outcomes_deadline_needs_signing"
    CHECK ("judicial_confirmation_deadline" IS NULL OR "signed_at" IS NOT NULL);

-- A follow-up is done exactly when it has a result.
ALTER TABLE "follow_ups" ADD CONSTRAINT "follow_ups_done_has_result"
    CHECK (("done_at" IS NULL) = ("result" IS NULL));

ALTER TABLE "invite_codes" ADD CONSTRAINT "invite_codes_attempts_nonnegative" CHECK ("attempts" >= 0);
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_sizes_nonnegative"
    CHECK (("duration_ms" IS NULL OR "duration_ms" >= 0) AND ("bytes" IS NULL OR "bytes" >= 0));
