-- Issue #13: a county administrator deactivates a township or a village (never a hard
-- delete: cases, parties and staff refer to it); a deactivated one is offered for nothing new.

-- AlterTable
ALTER TABLE "townships" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;

-- AlterTable
ALTER TABLE "villages" ADD COLUMN     "active" BOOLEAN NOT NULL DEFAULT true;
