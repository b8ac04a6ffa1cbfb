// Bearer tokens. The sandbox knows two: `--token` (the admin's) and `--bot-token` (the ingestion
// bot's). With either configured, every API call but /v1/system/version (open upstream too) must
// carry one of them. The caller is the token's JWT `sub` when it names a known user, else the admin
// for the admin token and `ingestion-bot` for the bot token; whether it is a bot comes from that
// user (`isBot`), which is what upstream's bot rules on PUT ask. Tokens are never logged or echoed.
import type { IncomingHttpHeaders } from 'node:http';
import { ApiError } from './http/apiError';
import type { Principal } from './http/context';

export type AuthOutcome = 'none' | 'valid' | 'invalid' | 'ignored';

export interface SandboxTokens {
  admin?: string;
  bot?: string;
}

const OPEN_PATHS = new Set(['/api/v1/system/version']);

function jwtSubject(token: string): unknown {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    return (JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as { sub?: unknown }).sub;
  } catch {
    return undefined;
  }
}

function bearer(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

function configured(tokens: SandboxTokens): boolean {
  return tokens.admin !== undefined || tokens.bot !== undefined;
}

/** How the request's credentials compare with the configured tokens (`ignored`: none is configured). */
export function classifyAuth(headers: IncomingHttpHeaders, tokens: SandboxTokens): AuthOutcome {
  if (!configured(tokens)) return headers.authorization ? 'ignored' : 'none';
  if (headers.authorization === undefined) return 'none';
  const token = bearer(headers);
  return token !== undefined && (token === tokens.admin || token === tokens.bot) ? 'valid' : 'invalid';
}

/** Who is calling: the admin without tokens, else the owner of the token the request carries. */
export function principalOf(headers: IncomingHttpHeaders, tokens: SandboxTokens, userByName: (name: string) => { isBot?: boolean } | undefined): Principal {
  const token = configured(tokens) ? bearer(headers) : undefined;
  const fallback = token !== undefined && token === tokens.bot ? 'ingestion-bot' : 'admin';
  const sub = token === undefined ? undefined : jwtSubject(token);
  const name = typeof sub === 'string' && userByName(sub) ? sub : fallback;
  return { name, isBot: userByName(name)?.isBot === true };
}

/** The 401 upstream's JwtFilter answers, unless the path is open or the token is right. */
export function enforceAuth(outcome: AuthOutcome, path: string, tokens: SandboxTokens): void {
  if (!configured(tokens) || outcome === 'valid' || OPEN_PATHS.has(path)) return;
  const message = outcome === 'none' ? 'Not Authorized! Token not present' : 'Not Authorized! Invalid token';
  throw new ApiError(401, message, { 'WWW-Authenticate': 'om-auth' });
}
