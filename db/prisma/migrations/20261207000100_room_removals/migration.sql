-- Issue #12 item 9: a host's removal from a live room is stored, so the person's
-- join tokens do not seat them again once the room emptied (checked at join and resume).

-- CreateTable
CREATE TABLE "room_removals" (
    "id" UUID NOT NULL,
    "room_id" TEXT NOT NULL,
    "peer_id" TEXT NOT NULL,
    "removed_by" TEXT NOT NULL,
    "removed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "room_removals_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "room_removals_room_id_peer_id_key" ON "room_removals"("room_id", "peer_id");
