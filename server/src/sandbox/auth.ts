// Bearer-token check. With `--token`, every API call but /v1/system/version (open upstream too)
// must carry exactly that token. The principal is the token's JWT `sub` when it names a known user
// (so a bot's JWT acts as the bot), else `admin`. The token itself is never logged or echoed.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './http/apiError';
import type { Principal } from './http/context';

export type AuthOutcome = 'none' | 'valid' | 'invalid' | 'ignored';

const OPEN_PATHS = new Set(['/api/v1/system/version']);

function jwtClaims(token: string): { sub?: unknown; isBot?: unknown } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown; isBot?: unknown };
  } catch {
    return undefined;
  }
}

export function principalOf(token: string | undefined, userExists: (name: string) => { isBot?: boolean } | undefined): Principal {
  const sub = token ? jwtClaims(token)?.sub : undefined;
  const user = typeof sub === 'string' ? userExists(sub) : undefined;
  return user && typeof sub === 'string' ? { name: sub, isBot: user.isBot === true } : { name: 'admin', isBot: false };
}

/** How the request's credentials compare with the configured token (`ignored`: none is configured). */
export function classifyAuth(headers: IncomingHttpHeaders, token: string | undefined): AuthOutcome {
  const header = headers.authorization;
  if (!token) return header ? 'ignored' : 'none';
  return header === undefined ? 'none' : header === `Bearer ${token}` ? 'valid' : 'invalid';
}

/** The 401 upstream's JwtFilter answers, unless the path is open or the token is right. */
export function enforceAuth(outcome: AuthOutcome, path: string, token: string | undefined): void {
  if (!token || outcome === 'valid' || OPEN_PATHS.has(path)) return;
  const message = outcome === 'none' ? 'Not Authorized! Token not present' : 'Not Authorized! Invalid token';
  throw new ApiError(401, message, { 'WWW-Authenticate': 'om-auth' });
}
