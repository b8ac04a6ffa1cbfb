// HTTP transport for the OpenMetadata REST API: one place for the bearer token, timeouts, retries,
// the concurrency limit, redirects and response parsing. The token only ever goes to the configured
// origin: redirects are followed by hand and a redirect to another origin is refused.
import {
  abortedError,
  errorForStatus,
  malformedError,
  networkError,
  OpenMetadataError,
  redact,
  redirectError,
  shownServerMessage,
  timeoutError,
  tooLargeError,
  type ErrorDetails,
  type ErrorKind,
  type Subject,
} from './errors';
import { ConcurrencyLimiter } from './limiter';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportOptions {
  /** Server URL, e.g. `http://localhost:8585` (a trailing `/` or `/api` is accepted). */
  baseUrl: string;
  token?: string;
  /** Per attempt, headers and body included. */
  timeoutMs?: number;
  /** Extra attempts for idempotent requests after a retryable failure. */
  retries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  maxConcurrent?: number;
  maxResponseBytes?: number;
  fetch?: typeof fetch;
  /** Debug lines (method, path, status, duration). Never headers, bodies or the token. */
  log?: (line: string) => void;
  userAgent?: string;
}

export interface RequestOptions {
  method: HttpMethod;
  /** Absolute API path, e.g. `/api/v1/tables`; FQN segments already encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  contentType?: string;
  signal?: AbortSignal;
  /** Names the thing asked for in 404/409 messages ("table X not found"). */
  subject?: Subject;
}

export interface HttpResponse<T> {
  status: number;
  body: T;
}

const IDEMPOTENT: ReadonlySet<HttpMethod> = new Set(['GET', 'PUT', 'DELETE']);
const MAX_REDIRECTS = 5;

/** The origin and path prefix requests are sent to; throws on anything but http(s). */
function parseServerUrl(raw: string): { origin: string; prefix: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new Error(`Invalid OpenMetadata server URL "${raw}": expected e.g. http://localhost:8585`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`Invalid OpenMetadata server URL "${raw}": it must start with http:// or https://`);
  }
  if (url.username || url.password) {
    throw new Error('The OpenMetadata server URL must not contain credentials; use a token instead.');
  }
  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  return { origin: url.origin, prefix };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(header: string | null): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** What went wrong with an attempt that got no status, for the request log (never a message: it may quote the server). */
const FAILURE_WORDS: Partial<Record<ErrorKind, string>> = {
  timeout: 'timed out',
  unreachable: 'unreachable',
  connectionLost: 'connection lost',
  aborted: 'cancelled',
  tooLarge: 'answer too large',
  redirect: 'redirected to another origin',
};

class RetryAfter {
  constructor(readonly error: OpenMetadataError, readonly delayMs: number | undefined) {}
}

export class HttpTransport {
  readonly origin: string;
  private readonly prefix: string;
  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseMs: number;
  private readonly retryMaxMs: number;
  private readonly maxResponseBytes: number;
  private readonly fetchImpl: typeof fetch;
  private readonly limiter: ConcurrencyLimiter;
  private readonly log?: (line: string) => void;
  private readonly userAgent: string;

  constructor(options: TransportOptions) {
    const { origin, prefix } = parseServerUrl(options.baseUrl);
    this.origin = origin;
    this.prefix = prefix;
    this.token = options.token || undefined;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.retries = options.retries ?? 3;
    this.retryBaseMs = options.retryBaseMs ?? 250;
    this.retryMaxMs = options.retryMaxMs ?? 4_000;
    this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
    this.fetchImpl = options.fetch ?? fetch;
    this.limiter = new ConcurrencyLimiter(options.maxConcurrent ?? 8);
    this.log = options.log;
    this.userAgent = options.userAgent ?? 'mlmodel-yaml';
  }

  /** The server's base URL (origin plus any path prefix), for links into the UI. */
  get baseUrl(): string {
    return this.origin + this.prefix;
  }

  get hasToken(): boolean {
    return this.token !== undefined;
  }

  async request<T>(options: RequestOptions): Promise<HttpResponse<T>> {
    const retryable = IDEMPOTENT.has(options.method);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.limiter.run(() => this.attempt<T>(options, attempt));
      } catch (caught) {
        const { error, delayMs } = caught instanceof RetryAfter ? caught : { error: caught, delayMs: undefined };
        const again = retryable && attempt <= this.retries && error instanceof OpenMetadataError && error.retryable;
        if (!again || options.signal?.aborted) throw this.redacted(error);
        const backoff = Math.min(this.retryMaxMs, this.retryBaseMs * 2 ** (attempt - 1));
        const jittered = backoff / 2 + Math.random() * (backoff / 2);
        const delay = Math.min(this.retryMaxMs, delayMs ?? jittered);
        this.log?.(redact(`${options.method} ${this.prefix}${options.path}: retry ${attempt} after ${(delay / 1000).toFixed(1)}s`, this.token));
        try {
          await sleep(delay, options.signal);
        } catch {
          throw this.redacted(abortedError(this.details(options, attempt)));
        }
      }
    }
  }

  /**
   * Every error leaves the transport through here: its message holds the server's words, a
   * redirect's target, a content type and the request's path, any of which may carry the token.
   */
  private redacted(error: unknown): unknown {
    if (error instanceof Error) {
      error.message = redact(error.message, this.token);
      // The stack was written with the message as it was.
      if (error.stack) error.stack = redact(error.stack, this.token);
    }
    return error;
  }

  private details(options: RequestOptions, attempts: number, status?: number, serverMessage?: string): ErrorDetails {
    return { method: options.method, path: this.prefix + options.path, origin: this.origin, attempts, status, serverMessage };
  }

  private url(options: RequestOptions): URL {
    const url = new URL(this.origin + this.prefix + options.path);
    for (const [key, value] of Object.entries(options.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    return url;
  }

  private headers(withToken: boolean, contentType: string | undefined): Record<string, string> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent };
    if (contentType) headers['Content-Type'] = contentType;
    if (withToken && this.token) headers.Authorization = `Bearer ${this.token}`;
    return headers;
  }

  /**
   * One attempt, logged: its status, or what went wrong when no status came (a retried request
   * shows every attempt, not only the last).
   */
  private async attempt<T>(options: RequestOptions, attempt: number): Promise<HttpResponse<T>> {
    const started = Date.now();
    let logged = false;
    const log = (outcome: string): void => {
      logged = true;
      this.log?.(redact(`${options.method} ${this.prefix}${options.path} → ${outcome} in ${Date.now() - started} ms${attempt > 1 ? ` (attempt ${attempt})` : ''}`, this.token));
    };
    try {
      return await this.send<T>(options, attempt, log);
    } catch (error) {
      if (!logged) log(error instanceof OpenMetadataError ? (FAILURE_WORDS[error.kind] ?? error.kind) : 'failed');
      throw error;
    }
  }

  /** Send, follow same-origin redirects, read and parse the body. */
  private async send<T>(options: RequestOptions, attempt: number, log: (outcome: string) => void): Promise<HttpResponse<T>> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    const fail = (error: unknown, responseStarted: boolean): OpenMetadataError => {
      if (options.signal?.aborted) return abortedError(this.details(options, attempt));
      if (timeout.aborted) return timeoutError(this.details(options, attempt), this.timeoutMs);
      return networkError(this.details(options, attempt), error, responseStarted);
    };

    let method: HttpMethod = options.method;
    let body = options.body === undefined ? undefined : JSON.stringify(options.body);
    let url = this.url(options);
    let response: Response;
    for (let redirects = 0; ; redirects++) {
      try {
        response = await this.fetchImpl(url, {
          method,
          headers: this.headers(true, body === undefined ? undefined : (options.contentType ?? 'application/json')),
          body,
          redirect: 'manual',
          signal,
        });
      } catch (error) {
        throw fail(error, false);
      }
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (location === null) break;
      await response.body?.cancel().catch(() => undefined);
      const target = new URL(location, url);
      if (target.origin !== this.origin) throw redirectError(this.details(options, attempt, response.status), target.origin);
      if (redirects >= MAX_REDIRECTS) {
        throw errorForStatus(response.status, this.details(options, attempt, response.status, 'too many redirects'), this.hasToken);
      }
      if (response.status === 303) {
        method = 'GET';
        body = undefined;
      }
      url = target;
    }

    let text: string;
    try {
      text = await this.readText(response, options, attempt);
    } catch (error) {
      throw error instanceof OpenMetadataError ? error : fail(error, true);
    }
    log(String(response.status));

    if (!response.ok) {
      const error = errorForStatus(
        response.status,
        this.details(options, attempt, response.status, this.serverMessage(text)),
        this.hasToken,
        options.subject,
      );
      throw error.retryable ? new RetryAfter(error, retryAfterMs(response.headers.get('retry-after'))) : error;
    }
    if (text.trim() === '') return { status: response.status, body: undefined as T };
    try {
      return { status: response.status, body: JSON.parse(text) as T };
    } catch {
      throw malformedError(this.details(options, attempt, response.status), response.headers.get('content-type'));
    }
  }

  private serverMessage(text: string): string | undefined {
    let message: unknown;
    try {
      message = (JSON.parse(text) as { message?: unknown }).message;
    } catch {
      return undefined;
    }
    if (typeof message !== 'string' || message === '') return undefined;
    return shownServerMessage(message, this.token);
  }

  /** The body as text, refusing to buffer more than `maxResponseBytes`. */
  private async readText(response: Response, options: RequestOptions, attempt: number): Promise<string> {
    const tooLarge = (): OpenMetadataError => tooLargeError(this.details(options, attempt, response.status), this.maxResponseBytes);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxResponseBytes) {
      await response.body?.cancel().catch(() => undefined);
      throw tooLarge();
    }
    if (!response.body) return '';
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > this.maxResponseBytes) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
    return new TextDecoder().decode(Buffer.concat(chunks));
  }
}
