-- Issue #13 (what a mediator expects): the mediator's private notes of a session,
-- kept in the case file as the 调解笔录 draft (one row per session, replaced by each save).

-- CreateTable
CREATE TABLE "mediation_notes" (
    "id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "author_id" UUID NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "mediation_notes_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "mediation_notes_text_length" CHECK (char_length("text") <= 20000)
);

-- CreateIndex
CREATE UNIQUE INDEX "mediation_notes_session_id_key" ON "mediation_notes"("session_id");

-- CreateIndex
CREATE INDEX "mediation_notes_case_id_idx" ON "mediation_notes"("case_id");

-- AddForeignKey
ALTER TABLE "mediation_notes" ADD CONSTRAINT "mediation_notes_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mediation_notes" ADD CONSTRAINT "mediation_notes_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;
