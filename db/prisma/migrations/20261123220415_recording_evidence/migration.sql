-- Recording evidence (issue 6): the session rendition and agreement clips are
-- recordings too; a file that was not finalised cleanly is marked; a clip names the
-- outcome it backs and the stretch of the session it covers.
-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "recording_kind" ADD VALUE 'RENDITION';
ALTER TYPE "recording_kind" ADD VALUE 'CLIP';

-- AlterTable
ALTER TABLE "recordings" ADD COLUMN     "clip_from_ms" INTEGER,
ADD COLUMN     "clip_to_ms" INTEGER,
ADD COLUMN     "interrupted" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "outcome_id" UUID;

-- CreateIndex
CREATE INDEX "recordings_outcome_id_idx" ON "recordings"("outcome_id");

-- AddForeignKey
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_outcome_id_fkey" FOREIGN KEY ("outcome_id") REFERENCES "outcomes"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express CHECKs): a clip's stretch is both ends or
-- neither, and goes forward. (The new enum values cannot be used in this
-- transaction, so the rule does not name the kind.)
ALTER TABLE "recordings" ADD CONSTRAINT "recordings_clip_window"
    CHECK ((("clip_from_ms" IS NULL) = ("clip_to_ms" IS NULL))
       AND ("clip_from_ms" IS NULL OR ("clip_from_ms" >= 0 AND "clip_to_ms" > "clip_from_ms")));
