// @shuoshi/db: the mediation data model (Prisma 6.19, PostgreSQL or embedded PGlite).
export { openDatabase, type Database, type OpenDatabaseOptions } from './database';
export { migrate, migrationStatus, loadMigrations, MIGRATIONS_DIR, MIGRATION_LOCK_KEY } from './migrate';
export type { Migration, MigrateOptions, MigrateResult, MigrationStatus } from './migrate';
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedOptions } from './embedded';
export { createTestDatabase, TEST_DATABASE_PREFIX, type TestDatabase, type TestDatabaseOptions } from './testing';
export { seedDemo, type DemoAccount, type SeedDemoOptions } from './seed/demo';
export { hashPassword, verifyPassword } from './passwords';
export {
  createCase,
  allocateCaseNumber,
  formatCaseNumber,
  caseYear,
  judicialConfirmationDeadline,
  CASE_STATUS_NEXT,
  CASE_TIME_ZONE,
  JUDICIAL_CONFIRMATION_DAYS,
  type NewCase,
} from './cases';
export * from './errors';
export { silentLogger, type DbLogger } from './logger';
export { redactUrl } from './pg';
// PrismaClient, the Prisma namespace, every enum and model type.
export * from './generated/prisma/client';
export { normaliseIdNumber, isValidIdNumber, maskIdNumber, idNumberHash, deriveKey, ID_NUMBER_KEY_PURPOSE } from './identity';
export { consultationStatistics, type ConsultationStatistics, type ConsultationFigures, type ConsultationFilter } from './consultation-statistics';
export { countyStatistics, successRate, type CountyStatistics, type Figures, type StatisticsFilter } from './statistics';
export { seedCounty, planCounty, truncateDomain, startOfTodayInChina, DEFAULT_SEED, DatabaseNotEmptyError, type SeedCountyOptions, type SeedCountyResult } from './seed/county';
export { listCasePage, type CaseScope, type CaseListFilter, type CaseListAudit } from './case-list';
export { runSql, type SqlClient } from './sql';
export {
  createCounty,
  ensureCounty,
  createTownship,
  createVillage,
  createTalkRoom,
  createStaffAccount,
  staffPassword,
  newPassword,
  OrgSetupError,
  OrgSetupCode,
  legalOfficeName,
  mediationRoomName,
  villageTalkRoomName,
  type NewStaffAccount,
} from './organisation';
export { parseCreateUserArgs, createUserFromArgs, CreateUserArgsError, type CreateUserArgs } from './cli/create-user-args';
