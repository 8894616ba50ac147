-- Consent in the live room (issue 5): a talk-room device can be the participant
-- who answers, or the operator's device that records a villager's answer on their
-- behalf; staff answers keep using staff_id / recorded_by_id.
-- AlterTable
ALTER TABLE "consent_records" ADD COLUMN     "device_id" UUID,
ADD COLUMN     "recorded_by_device_id" UUID;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_device_id_fkey" FOREIGN KEY ("device_id") REFERENCES "talk_room_devices"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_records" ADD CONSTRAINT "consent_records_recorded_by_device_id_fkey" FOREIGN KEY ("recorded_by_device_id") REFERENCES "talk_room_devices"("id") ON DELETE SET NULL ON UPDATE CASCADE;
