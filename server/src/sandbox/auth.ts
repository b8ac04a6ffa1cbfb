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

/** How the request's credentials compare with the configured token; throws the 401 to send. */
export function authenticate(headers: IncomingHttpHeaders, path: string, token: string | undefined): AuthOutcome {
  const header = headers.authorization;
  if (!token) return header ? 'ignored' : 'none';
  if (OPEN_PATHS.has(path)) return header === `Bearer ${token}` ? 'valid' : header ? 'invalid' : 'none';
  if (!header) throw new ApiError(401, 'Not Authorized! Token not present', { 'WWW-Authenticate': 'om-auth' });
  if (header !== `Bearer ${token}`) throw new ApiError(401, 'Not Authorized! Invalid token', { 'WWW-Authenticate': 'om-auth' });
  return 'valid';
}
