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

// ── Redaction ────────────────────────────────────────────────────────────────────────────────
// The one redaction every message, log line and output of the product goes through (the transport's
// errors and request log, the CLI's output, everything the language server sends). Not only the
// token: any piece of it of SECRET_FRAGMENT characters or more, because a server may echo part of
// it, a message may be cut inside it, and an echo may be JSON-escaped, URL-encoded (once or twice)
// or broken across lines. So the text is searched as written and as decoded (escapes and %XX
// decoded, whitespace dropped, in every order), and what a piece found in a decoded view was
// written as is replaced.

/** The shortest piece of a token that counts as a leak of it (a shorter token: the whole token). */
export const SECRET_FRAGMENT = 8;
/** What a leak is replaced with. */
const HIDDEN = '***';
/** Tokens shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET = 4;
/** How many decoding steps are followed (an echo encoded twice, e.g. a JSON body in a URL, then broken across lines). */
const DECODE_DEPTH = 4;

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x2028 || code === 0x2029 || code === 0xfeff;
}

/**
 * A text as decoded: each character of `text` stands for the characters [from[i], to[i]) of the
 * original (no `from`: the original itself).
 */
interface View {
  text: string;
  from?: Int32Array;
  to?: Int32Array;
}

/** The pieces of one secret, found by a rolling hash: no allocation per character searched. */
class Fragments {
  readonly length: number;
  private readonly pieces = new Set<string>();
  private readonly hashes = new Set<number>();
  /** 31^(length-1) mod 2^32, to roll the oldest character out. */
  private readonly top: number;

  constructor(secret: string) {
    // Whitespace is dropped from the views searched, so from the secret too.
    const forms = [...new Set([secret, secret.replace(/\s+/g, '')])].filter((f) => f.length >= MIN_SECRET);
    this.length = Math.min(SECRET_FRAGMENT, ...forms.map((f) => f.length));
    let top = 1;
    for (let i = 1; i < this.length; i++) top = Math.imul(top, 31);
    this.top = top;
    for (const form of forms) {
      for (let i = 0; i + this.length <= form.length; i++) {
        const piece = form.slice(i, i + this.length);
        if (this.pieces.has(piece)) continue;
        this.pieces.add(piece);
        let h = 0;
        for (let k = 0; k < piece.length; k++) h = (Math.imul(h, 31) + piece.charCodeAt(k)) | 0;
        this.hashes.add(h);
      }
    }
  }

  /**
   * Calls `found(start, end)` with the span of the original that each piece in `view` stands
   * for; with `squeeze`, whitespace in the view is skipped (a line broken inside the token).
   */
  scan(view: View, squeeze: boolean, found: (start: number, end: number) => void): void {
    const { text, from, to } = view;
    const n = this.length;
    // The last n characters taken, and where each is in the view, in a ring.
    const codes = new Int32Array(n);
    const at = new Int32Array(n);
    let taken = 0;
    let h = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (squeeze && isSpace(code)) continue;
      const slot = taken % n;
      h = taken >= n ? (Math.imul(h - Math.imul(codes[slot], this.top), 31) + code) | 0 : (Math.imul(h, 31) + code) | 0;
      codes[slot] = code;
      at[slot] = i;
      taken++;
      if (taken < n || !this.hashes.has(h)) continue;
      let piece = '';
      for (let k = 0; k < n; k++) piece += String.fromCharCode(codes[(taken + k) % n]);
      if (!this.pieces.has(piece)) continue;
      const first = at[taken % n];
      found(from ? from[first] : first, to ? to[i] : i + 1);
    }
  }
}

/** The last secret's pieces: the language server and the CLI hold one token. */
let cached: { secret: string; fragments: Fragments } | undefined;

function fragmentsOf(secret: string): Fragments {
  if (cached?.secret !== secret) cached = { secret, fragments: new Fragments(secret) };
  return cached.fragments;
}

const JSON_ESCAPES: Partial<Record<string, string>> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const HEX2 = /^[0-9a-fA-F]{2}$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;

/** What text[i…] stands for when decoded: characters, each with how many characters encode it. */
type Decoder = (text: string, i: number) => Array<{ char: string; width: number }> | undefined;

/** JSON string escapes: `\"`, `\n`, `\u00e9`, … */
const jsonEscape: Decoder = (text, i) => {
  if (text[i] !== '\\') return undefined;
  if (text[i + 1] === 'u' && HEX4.test(text.slice(i + 2, i + 6))) return [{ char: String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16)), width: 6 }];
  const escaped = JSON_ESCAPES[text[i + 1]];
  return escaped === undefined ? undefined : [{ char: escaped, width: 2 }];
};

/** URL encoding, `%2F`, `%C3%A9`: the bytes as UTF-8 where they are, else one character per byte. */
const percentEncoding: Decoder = (text, i) => {
  const bytes: number[] = [];
  for (let at = i; text[at] === '%' && HEX2.test(text.slice(at + 1, at + 3)); at += 3) bytes.push(parseInt(text.slice(at + 1, at + 3), 16));
  if (!bytes.length) return undefined;
  const run: Array<{ char: string; width: number }> = [];
  for (let b = 0; b < bytes.length; ) {
    const lead = bytes[b];
    const width = lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 && lead < 0xf0 ? 3 : lead >= 0xc0 && lead < 0xe0 ? 2 : 1;
    const utf8 = width > 1 && b + width <= bytes.length ? Buffer.from(bytes.slice(b, b + width)).toString('utf8') : '';
    if (utf8 && !utf8.includes('\ufffd')) {
      run.push({ char: utf8, width: width * 3 });
      b += width;
    } else {
      run.push({ char: String.fromCharCode(lead), width: 3 });
      b += 1;
    }
  }
  return run;
};

/** Whitespace, dropped (as a view to decode further: `%4` and `1` on two lines are `%41`). */
const whitespace: Decoder = (text, i) => (isSpace(text.charCodeAt(i)) ? [{ char: '', width: 1 }] : undefined);

/** Each decoder, with what a text it changes holds. */
const DECODERS: Array<[Decoder, RegExp]> = [
  [jsonEscape, /\\/],
  [percentEncoding, /%[0-9a-fA-F]{2}/],
  [whitespace, /[\s\ufeff]/],
];

/** `view` decoded one step by `decode`. */
function decodeView(view: View, decode: Decoder): View {
  const { text } = view;
  const chars: string[] = [];
  const from = new Int32Array(text.length);
  const to = new Int32Array(text.length);
  let length = 0;
  for (let i = 0; i < text.length; ) {
    const run = decode(text, i) ?? [{ char: text[i], width: 1 }];
    for (const { char, width } of run) {
      // A surrogate pair: both halves stand for what encodes it.
      for (let k = 0; k < char.length; k++) {
        chars.push(char[k]);
        from[length] = view.from ? view.from[i] : i;
        to[length] = view.to ? view.to[i + width - 1] : i + width;
        length++;
      }
      i += width;
    }
  }
  return { text: chars.join(''), from: from.subarray(0, length), to: to.subarray(0, length) };
}

/** The spans of `text` to hide: where a piece of the secret is, as written or decoded. */
function leaks(text: string, fragments: Fragments): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  const found = (start: number, end: number): void => {
    spans.push([start, end]);
  };
  fragments.scan({ text }, false, found);
  fragments.scan({ text }, true, found);
  // Nothing to decode (most texts): done.
  if (!text.includes('%') && !text.includes('\\')) return spans;
  // Every order of decoding and dropping whitespace, a few steps deep, each view searched once;
  // a step that changes nothing is not followed.
  const seen = new Set<string>([text]);
  let level: View[] = [{ text }];
  for (let depth = 0; depth < DECODE_DEPTH && level.length; depth++) {
    const next: View[] = [];
    for (const view of level) {
      for (const [decode, applies] of DECODERS) {
        if (!applies.test(view.text)) continue;
        const decoded = decodeView(view, decode);
        if (seen.has(decoded.text)) continue;
        seen.add(decoded.text);
        fragments.scan(decoded, false, found);
        next.push(decoded);
      }
    }
    level = next;
  }
  return spans;
}

/**
 * `text` without any piece of `secret` of SECRET_FRAGMENT characters or more (as written,
 * JSON-escaped, URL-encoded or broken across lines): each is replaced with `***`.
 */
export function hideSecret(text: string, secret: string | undefined): string {
  if (!secret || secret.length < MIN_SECRET || !text) return text;
  const fragments = fragmentsOf(secret);
  // Replacing can join what was around a piece into a new one (a secret with `*` in it): again
  // until none is left. Each round shortens the text (a piece is longer than `***`), so this ends.
  for (;;) {
    const spans = leaks(text, fragments).sort((a, b) => a[0] - b[0]);
    if (!spans.length) return text;
    let out = '';
    let at = 0;
    for (const [start, end] of spans) {
      if (end <= at) continue;
      if (start >= at) out += text.slice(at, start) + HIDDEN;
      at = end;
    }
    text = out + text.slice(at);
  }
}

/** `text` without the secret (see hideSecret) or any bearer credential. */
export function redact(text: string, secret: string | undefined): string {
  return hideSecret(text.replace(/Bearer\s+[^\s"',;]+/gi, 'Bearer ***'), secret);
}

/** Every string in `value` (a JSON-like value: objects, arrays) through hideSecret; `value` itself when none changed. */
export function hideSecretIn<T>(value: T, secret: string | undefined): T {
  if (!secret) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return hideSecret(v, secret);
    if (typeof v !== 'object' || v === null) return v;
    if (Array.isArray(v)) {
      let copy: unknown[] | undefined;
      v.forEach((item, i) => {
        const hidden = walk(item);
        if (hidden !== item) (copy ??= [...v])[i] = hidden;
      });
      return copy ?? v;
    }
    let copy: Record<string, unknown> | undefined;
    for (const [key, item] of Object.entries(v)) {
      const hidden = walk(item);
      if (hidden !== item) (copy ??= { ...(v as Record<string, unknown>) })[key] = hidden;
    }
    return copy ?? v;
  };
  return walk(value) as T;
}

/** Server messages are shown up to this length. */
const SHOWN_SERVER_MESSAGE = 500;

/** A server's `message` as a message may show it: redacted whole, then cut, so no cut can split a token and keep its start. */
export function shownServerMessage(message: string, secret: string | undefined): string {
  const redacted = redact(message, secret);
  return redacted.length > SHOWN_SERVER_MESSAGE ? `${redacted.slice(0, SHOWN_SERVER_MESSAGE)}…` : redacted;
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
