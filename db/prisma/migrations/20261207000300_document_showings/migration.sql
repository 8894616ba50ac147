-- CreateTable
CREATE TABLE "document_showings" (
    "id" UUID NOT NULL,
    "document_id" UUID NOT NULL,
    "session_id" UUID NOT NULL,
    "peer_id" TEXT NOT NULL,
    "party_id" UUID,
    "group_id" TEXT,
    "shown_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "document_showings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "document_showings_party_id_document_id_idx" ON "document_showings"("party_id", "document_id");

-- CreateIndex
CREATE UNIQUE INDEX "document_showings_document_id_session_id_peer_id_key" ON "document_showings"("document_id", "session_id", "peer_id");

-- AddForeignKey
ALTER TABLE "document_showings" ADD CONSTRAINT "document_showings_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "case_documents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_showings" ADD CONSTRAINT "document_showings_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_showings" ADD CONSTRAINT "document_showings_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;
