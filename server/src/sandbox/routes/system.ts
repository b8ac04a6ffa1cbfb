// /api/v1/system/version (VersionResource): OpenMetadataServerVersion. The revision names the
// sandbox, so a status bar showing it tells the user which catalog they are talking to.
import type { ServerVersion } from '../../openmetadata/types';
import type { RequestContext } from '../http/context';
import type { Router } from '../http/router';

/** The upstream release whose API the sandbox follows: its schemas are those of OpenMetadata ~1.9/1.10 (Aug 2025). */
export const SANDBOX_SERVER_VERSION: ServerVersion = { version: '1.9.0', revision: 'mlmodel-sandbox', timestamp: 1756684800000 };

export function systemRoutes(router: Router<RequestContext>): void {
  router.add('GET', '/api/v1/system/version', () => ({ status: 200, body: SANDBOX_SERVER_VERSION }));
}
