// Typed errors of the OpenMetadata client. Every message says what failed, where, and what to do
// next, and goes through `redact` so a token can never appear in it, even when a server echoes it.

export type ErrorKind =
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'conflict'
  | 'rateLimited'
  | 'server'
  | 'timeout'
  | 'unreachable'
  | 'connectionLost'
  | 'malformed'
  | 'tooLarge'
  | 'redirect'
  | 'aborted';

export interface RequestInfo {
  method: string;
  /** Path without the query string, e.g. `/api/v1/tables/name/x`. */
  path: string;
  /** `http://host:port` of the server the client talks to. */
  origin: string;
}

export interface ErrorDetails extends RequestInfo {
  status?: number;
  /** The `message` of the server's `{code, message}` body, redacted. */
  serverMessage?: string;
  /** How many times the request was sent. */
  attempts?: number;
  cause?: unknown;
}

export class OpenMetadataError extends Error {
  readonly method: string;
  readonly path: string;
  readonly origin: string;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly attempts: number;

  constructor(
    readonly kind: ErrorKind,
    message: string,
    details: ErrorDetails,
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'OpenMetadataError';
    this.method = details.method;
    this.path = details.path;
    this.origin = details.origin;
    this.status = details.status;
    this.serverMessage = details.serverMessage;
    this.attempts = details.attempts ?? 1;
  }

  /** Worth sending again (idempotent requests only): throttling, gateway errors, lost connections. */
  get retryable(): boolean {
    if (this.kind === 'rateLimited' || this.kind === 'unreachable' || this.kind === 'connectionLost') return true;
    return this.kind === 'server' && (this.status === 502 || this.status === 503 || this.status === 504);
  }
}

export class BadRequestError extends OpenMetadataError {}
export class UnauthorizedError extends OpenMetadataError {}
export class ForbiddenError extends OpenMetadataError {}
export class NotFoundError extends OpenMetadataError {}
export class ConflictError extends OpenMetadataError {}
export class RateLimitedError extends OpenMetadataError {}
export class ServerError extends OpenMetadataError {}
export class TimeoutError extends OpenMetadataError {}
export class UnreachableError extends OpenMetadataError {}
export class ConnectionLostError extends OpenMetadataError {}
export class MalformedResponseError extends OpenMetadataError {}
export class ResponseTooLargeError extends OpenMetadataError {}
export class RedirectError extends OpenMetadataError {}
export class AbortedError extends OpenMetadataError {}

/** Replace every occurrence of the secret (and any bearer credential) with `***`. */
export function redact(text: string, secret: string | undefined): string {
  let out = text.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer ***');
  if (secret && secret.length >= 4) out = out.split(secret).join('***');
  return out;
}

/** What the caller was looking for, to say "table X not found" rather than "404 on /api/…". */
export interface Subject {
  /** e.g. `table`, `ML model`, `dashboard`. */
  kind: string;
  name: string;
}

/** Paths and names come from files: a message shows their start (the error keeps them whole). */
const SHOWN_CHARACTERS = 160;

function clip(text: string): string {
  return text.length > SHOWN_CHARACTERS ? `${text.slice(0, SHOWN_CHARACTERS)}…` : text;
}

function describe(info: RequestInfo): string {
  return `${info.method} ${clip(info.path)}`;
}

function withServerMessage(text: string, serverMessage: string | undefined): string {
  return serverMessage ? `${text}: ${serverMessage}` : text;
}

/** The typed error for an HTTP error status. */
export function errorForStatus(status: number, details: ErrorDetails, hadToken: boolean, subject?: Subject): OpenMetadataError {
  const { origin, serverMessage } = details;
  const tried = details.attempts && details.attempts > 1 ? ` (tried ${details.attempts} times)` : '';
  switch (status) {
    case 400:
      return new BadRequestError('badRequest', withServerMessage(`${origin} rejected ${describe(details)} (400)`, serverMessage), details);
    case 401:
      return new UnauthorizedError(
        'unauthorized',
        hadToken
          ? `The token was rejected by ${origin} (401). Use a current bot token or personal access token from that server (Settings → Bots, or your profile → Access Tokens).`
          : `${origin} requires a token (401). Set OPENMETADATA_TOKEN (CLI) or sign in to the server (VS Code) with a bot token or personal access token.`,
        details,
      );
    case 403:
      return new ForbiddenError(
        'forbidden',
        withServerMessage(`${origin} refused ${describe(details)} (403): the token's user lacks the permission`, serverMessage),
        details,
      );
    case 404:
      return new NotFoundError(
        'notFound',
        subject ? `${subject.kind} ${clip(subject.name)} not found on ${origin}` : withServerMessage(`${describe(details)} not found on ${origin} (404)`, serverMessage),
        details,
      );
    case 409:
      return new ConflictError(
        'conflict',
        subject ? `${subject.kind} ${clip(subject.name)} already exists on ${origin} (409)` : withServerMessage(`${origin} reported a conflict on ${describe(details)} (409)`, serverMessage),
        details,
      );
    case 429:
      return new RateLimitedError('rateLimited', `${origin} is throttling requests (429) on ${describe(details)}${tried}; try again in a moment.`, details);
    default:
      return new ServerError(
        'server',
        withServerMessage(`${origin} failed on ${describe(details)} (${status})${tried}`, serverMessage),
        details,
      );
  }
}

export function timeoutError(details: ErrorDetails, timeoutMs: number): TimeoutError {
  const seconds = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 100) / 10} s` : `${timeoutMs} ms`;
  return new TimeoutError('timeout', `${details.origin} did not answer ${describe(details)} within ${seconds}.`, details);
}

/** Node's fetch failure codes that mean the server could not be reached at all. */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function networkErrorCode(error: unknown): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkError(details: ErrorDetails, error: unknown, responseStarted: boolean): OpenMetadataError {
  const code = networkErrorCode(error) ?? 'network error';
  if (!responseStarted && UNREACHABLE_CODES.has(code)) {
    return new UnreachableError(
      'unreachable',
      `Cannot reach OpenMetadata at ${details.origin} (${code}). Check the server URL, or start a local catalog with \`npx mlmodel sandbox\`.`,
      { ...details, cause: error },
    );
  }
  return new ConnectionLostError(
    'connectionLost',
    `The connection to ${details.origin} was lost during ${describe(details)} (${code}).`,
    { ...details, cause: error },
  );
}

export function malformedError(details: ErrorDetails, contentType: string | null): MalformedResponseError {
  const what = contentType && !contentType.includes('json') ? `${contentType} instead of JSON` : 'a response that is not valid JSON';
  return new MalformedResponseError(
    'malformed',
    `${details.origin} sent ${what} for ${describe(details)}. Is ${details.origin} the OpenMetadata server (and not a proxy or sign-in page)?`,
    details,
  );
}

/**
 * An endpoint every OpenMetadata server has answered 404, or not as OpenMetadata does (`answered`
 * says how): the URL is not an OpenMetadata server's.
 */
export function notOpenMetadataError(details: ErrorDetails, answered: string): MalformedResponseError {
  return new MalformedResponseError(
    'malformed',
    `${details.origin} has no OpenMetadata API: ${describe(details)} ${answered}. Set the server URL to the address OpenMetadata's UI opens at (e.g. http://localhost:8585).`,
    details,
  );
}

export function tooLargeError(details: ErrorDetails, limitBytes: number): ResponseTooLargeError {
  return new ResponseTooLargeError(
    'tooLarge',
    `${details.origin} sent more than ${Math.round(limitBytes / 1024 / 1024)} MiB for ${describe(details)}; the response was not read.`,
    details,
  );
}

export function redirectError(details: ErrorDetails, target: string): RedirectError {
  return new RedirectError(
    'redirect',
    `${details.origin} redirected ${describe(details)} to ${target}. The token is only sent to the configured server; set the server URL to ${target} if OpenMetadata lives there.`,
    details,
  );
}

export function abortedError(details: ErrorDetails): AbortedError {
  return new AbortedError('aborted', `${describe(details)} on ${details.origin} was cancelled.`, details);
}
