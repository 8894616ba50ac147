-- A password reset ends the access tokens already issued, not only the sign-ins
-- (refresh tokens): tokens carry the account's credentials version, checked on every request.

-- AlterTable
ALTER TABLE "staff_accounts" ADD COLUMN     "credentials_version" INTEGER NOT NULL DEFAULT 0;
