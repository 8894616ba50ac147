-- Refresh-token families: rotation keeps the family, reuse of a revoked token
-- revokes it. Tokens issued before this migration become families of their own.
-- AlterTable
ALTER TABLE "refresh_tokens" ADD COLUMN     "family_id" UUID;
UPDATE "refresh_tokens" SET "family_id" = "id";
ALTER TABLE "refresh_tokens" ALTER COLUMN "family_id" SET NOT NULL;

-- CreateIndex
CREATE INDEX "referrals_to_township_id_case_id_idx" ON "referrals"("to_township_id", "case_id");

-- CreateIndex
CREATE INDEX "refresh_tokens_family_id_idx" ON "refresh_tokens"("family_id");
