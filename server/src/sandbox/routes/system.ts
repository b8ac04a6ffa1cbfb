// /api/v1/system/version (VersionResource): OpenMetadataServerVersion. The version is the one the
// sandbox plays (`--server-version`); the revision names the sandbox, so a status bar showing it
// tells the user which catalog they are talking to.
import type { RequestContext } from '../http/context';
import type { Router } from '../http/router';

export const SANDBOX_REVISION = 'mlmodel-sandbox';

export function systemRoutes(router: Router<RequestContext>): void {
  router.add('GET', '/api/v1/system/version', (ctx) => ({ status: 200, body: { version: ctx.rules.version, revision: SANDBOX_REVISION, timestamp: 1756684800000 } }));
}
