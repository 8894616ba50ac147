-- Remote legal consultation queue (issue 7): lawyers on duty, the weekly duty
-- roster, and why/whether a consultation became a kept call-back.

-- CreateEnum
CREATE TYPE "callback_reason" AS ENUM ('NO_LAWYER_ON_DUTY', 'QUEUE_TIMEOUT', 'LAWYER_SCHEDULED');

-- CreateEnum
CREATE TYPE "callback_outcome" AS ENUM ('KEPT', 'MISSED');

-- AlterTable
ALTER TABLE "consultations" ADD COLUMN "callback_reason" "callback_reason",
ADD COLUMN "callback_started_at" TIMESTAMPTZ(3),
ADD COLUMN "callback_outcome" "callback_outcome";

-- CreateTable
CREATE TABLE "lawyer_duty" (
    "staff_id" UUID NOT NULL,
    "county_id" UUID NOT NULL,
    "on_duty" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "lawyer_duty_pkey" PRIMARY KEY ("staff_id")
);

-- CreateTable
CREATE TABLE "duty_slots" (
    "id" UUID NOT NULL,
    "county_id" UUID NOT NULL,
    "lawyer_id" UUID NOT NULL,
    "weekday" INTEGER NOT NULL,
    "start_minute" INTEGER NOT NULL,
    "end_minute" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "duty_slots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "lawyer_duty_county_id_on_duty_idx" ON "lawyer_duty"("county_id", "on_duty");

-- CreateIndex
CREATE INDEX "duty_slots_county_id_weekday_start_minute_idx" ON "duty_slots"("county_id", "weekday", "start_minute");

-- CreateIndex
CREATE INDEX "duty_slots_lawyer_id_idx" ON "duty_slots"("lawyer_id");

-- AddForeignKey
ALTER TABLE "lawyer_duty" ADD CONSTRAINT "lawyer_duty_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "duty_slots" ADD CONSTRAINT "duty_slots_county_id_fkey" FOREIGN KEY ("county_id") REFERENCES "counties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "duty_slots" ADD CONSTRAINT "duty_slots_lawyer_id_fkey" FOREIGN KEY ("lawyer_id") REFERENCES "staff_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written (Prisma cannot express CHECKs): a slot lies within one China-time day.
ALTER TABLE "duty_slots" ADD CONSTRAINT "duty_slots_window"
  CHECK ("weekday" BETWEEN 1 AND 7 AND "start_minute" >= 0 AND "end_minute" <= 1440 AND "start_minute" < "end_minute");
