-- Live-room session chat and shared case-file documents (issue 5).

-- CreateTable
CREATE TABLE "case_documents" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "session_id" UUID,
    "name" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size_bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "uploader_type" "audit_actor_type" NOT NULL,
    "uploader_id" TEXT NOT NULL,
    "uploaded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "session_chat_messages" (
    "id" TEXT NOT NULL,
    "session_id" UUID NOT NULL,
    "peer_id" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "group_id" TEXT,
    "text" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "session_chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "case_documents_case_id_uploaded_at_idx" ON "case_documents"("case_id", "uploaded_at");

-- CreateIndex
CREATE INDEX "case_documents_session_id_idx" ON "case_documents"("session_id");

-- CreateIndex
CREATE INDEX "session_chat_messages_session_id_at_idx" ON "session_chat_messages"("session_id", "at");

-- AddForeignKey
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "session_chat_messages" ADD CONSTRAINT "session_chat_messages_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written: a hash is 64 hex digits; a message is 1..2000 characters.
ALTER TABLE "case_documents" ADD CONSTRAINT "case_documents_sha256" CHECK ("sha256" ~ '^[0-9a-f]{64}$');
ALTER TABLE "session_chat_messages" ADD CONSTRAINT "session_chat_messages_text" CHECK (char_length("text") BETWEEN 1 AND 2000);
