import type { Database } from '@shuoshi/db';
import type { Logger } from '../../src/logger';
import { Jobs, type JobTiming, type JobWorkers } from '../../src/jobs';

/** Quick polling and expiry checks, so that tests wait seconds, not minutes. */
export const QUICK_JOBS: JobTiming = { pollSeconds: 0.5, maintenanceSeconds: 1, cronSeconds: 1, holdSeconds: 3 };

/** The job engine on a test database (its own pool's query, as server.ts does). */
export function startTestJobs(db: Pick<Database, 'pool'>, log: Logger, timing: Partial<JobTiming> = QUICK_JOBS): Promise<Jobs> {
  return Jobs.start({ sql: (text, values) => db.pool.query(text, values), log, timing });
}

/** Workers for what a test does not exercise. */
export const idleWorkers: JobWorkers = { sweepQueue: async () => {}, housekeeping: async () => {}, render: async () => {} };
