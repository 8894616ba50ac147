-- Issue #13 bug 7: each party's own address (住址 on the agreement), recorded at intake
-- beside their village; the agreement no longer gives every party the case's village.
ALTER TABLE "parties" ADD COLUMN "address" TEXT;

-- Issue #13: a short link to read out over the phone (/j/ABC-234) names a session;
-- sessions scheduled before this have none (their /join?s=<id> link still works).
ALTER TABLE "sessions" ADD COLUMN "link_code" TEXT;
CREATE UNIQUE INDEX "sessions_link_code_key" ON "sessions"("link_code");
