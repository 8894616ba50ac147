import type { FastifyInstance } from 'fastify';
import type { PdfPrinter } from '../../agreements/pdf';
import type { ApiDeps } from '../../domain/context';
import { installAuthentication } from '../../plugins/authenticate';
import type { RecordingService } from '../../recording/service';
import { agreementRoutes } from '../agreements/routes';
import { ErrorBody } from '../schemas';
import type { PlaybackAuditWindow } from './access';
import { recordingMediaRoute } from './media';
import { recordingRoutes } from './routes';

export interface EvidenceApiOptions {
  /** The REST API's services (apiPlugin(...).deps): database, clock, signatures directory. */
  deps: ApiDeps;
  recordings: RecordingService;
  printer: PdfPrinter;
  auditWindow?: PlaybackAuditWindow;
}

/**
 * Recordings and agreements under /api, for buildApp's `plugins`: the same bearer
 * authentication and error bodies as the rest of the API, in their own scope.
 */
export function evidenceApiPlugin(o: EvidenceApiOptions): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    await app.register(
      async (api) => {
        api.addSchema(ErrorBody);
        installAuthentication(api, o.deps);
        await api.register(recordingRoutes, { deps: o.deps, recordings: o.recordings });
        await api.register(recordingMediaRoute, { deps: o.deps, recordingsDir: o.recordings.recordingsDir, ...(o.auditWindow ? { auditWindow: o.auditWindow } : {}) });
        await api.register(agreementRoutes, { deps: o.deps, printer: o.printer });
      },
      { prefix: '/api' },
    );
  };
}
