// The sandbox catalog: an OpenMetadata-compatible HTTP server (node:http) over the seed, for
// trying the extension and CLI without deploying OpenMetadata, and for tests. `startSandbox`
// returns the URL, the fault injector and `close()`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminRoutes } from './admin';
import { classifyAuth, enforceAuth, principalOf, type AuthOutcome, type SandboxTokens } from './auth';
import { quoteName } from './fqn';
import { FaultInjector, type ActiveFault } from './faults';
import { ApiError } from './http/apiError';
import { readJsonBody, type RequestContext } from './http/context';
import { Router, type RouteResult } from './http/router';
import { catalogEntityRoutes } from './routes/catalogEntities';
import { lineageRoutes } from './routes/lineage';
import { mlmodelRoutes } from './routes/mlmodels';
import { searchRoutes } from './routes/search';
import { systemRoutes } from './routes/system';
import { entityPageRoutes } from './routes/entityPages';
import { NEWEST_SERVER_VERSION, rulesFor, SERVER_VERSIONS, type ServerRules } from './serverVersions';
import { tableRoutes } from './routes/tables';
import { loadSeed, type SeedKind } from './seed';
import { GeneratedTables } from './store/generatedTables';
import { SandboxStore, tagLabelFor } from './store/sandboxStore';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  seed?: SeedKind;
  /** Generated tables added to the seed (`--tables N`). */
  tables?: number;
  /** The admin's token: when set (or `botToken` is), every API call must send one of them. */
  token?: string;
  /** The ingestion bot's token: calls with it act as `ingestion-bot` (isBot), whose PUTs keep what people wrote. */
  botToken?: string;
  /**
   * The OpenMetadata release to play (`1.5` … `2.0`, serverVersions.ts). Default: the environment's
   * MLMODEL_SANDBOX_SERVER_VERSION, so a test suite can be run against each version unchanged, else the newest.
   */
  serverVersion?: string;
  /** Clock for `updatedAt` and PATCH session consolidation (tests). */
  now?: () => number;
}

/** One request as the sandbox saw it: whether credentials came, never what they were. */
export interface RecordedRequest {
  method: string;
  path: string;
  status: number;
  auth: AuthOutcome;
  /** Id of the fault applied, if any. */
  fault?: string;
}

export interface Sandbox {
  url: string;
  /** The rules of the version it plays. */
  readonly rules: ServerRules;
  host: string;
  port: number;
  faults: FaultInjector;
  readonly store: SandboxStore;
  /** Requests received so far (the last 1,000), oldest first. */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /** Back to the seed: stored models, lineage and faults are dropped. */
  reset(): void;
  close(): Promise<void>;
}

const MAX_RECORDED = 1000;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return;
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  if (res.destroyed) return;
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" });
  res.end(html);
}

/** A fault's latency; it does not keep a process alive once the sandbox is closed (the server does while open). */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

async function writeHuge(res: ServerResponse, bytes: number): Promise<void> {
  res.writeHead(200, { 'Content-Type': 'application/json' });
  const chunk = 'x'.repeat(64 * 1024);
  res.write('{"data":"');
  for (let written = 0; written < bytes && !res.destroyed; written += chunk.length) {
    if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end('"}');
}

/** Writes the response's headers and half its body, then drops the connection. */
function sendHalfThenDrop(res: ServerResponse, status: number, body: unknown): void {
  const text = Buffer.from(JSON.stringify(body ?? {}));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': text.length });
  res.write(text.subarray(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
}

/** The rules of `version` (default: MLMODEL_SANDBOX_SERVER_VERSION, else the newest); throws naming the versions it knows. */
export function sandboxRules(version = process.env.MLMODEL_SANDBOX_SERVER_VERSION || NEWEST_SERVER_VERSION): ServerRules {
  const rules = rulesFor(version);
  if (!rules) throw new Error(`unknown OpenMetadata server version "${version}"; the sandbox plays ${SERVER_VERSIONS.join(', ')}`);
  return rules;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const host = options.host ?? '127.0.0.1';
  const rules = sandboxRules(options.serverVersion);
  const tokens: SandboxTokens = { admin: options.token, bot: options.botToken };
  const now = options.now ?? Date.now;
  const seedKind = options.seed ?? 'sample';
  const buildStore = (): SandboxStore => {
    const seed = loadSeed(seedKind);
    const sensitive = seed.tags.find((t) => t.fullyQualifiedName === 'PII.Sensitive');
    const generated = options.tables ? new GeneratedTables(options.tables, sensitive && tagLabelFor(sensitive)) : undefined;
    return new SandboxStore(seed, generated);
  };
  const state = { store: buildStore() };
  const faults = new FaultInjector();
  let recorded: RecordedRequest[] = [];

  const router = new Router<RequestContext>();
  systemRoutes(router);
  entityPageRoutes(router, state);
  tableRoutes(router, state);
  searchRoutes(router, state);
  catalogEntityRoutes(router, state);
  mlmodelRoutes(router, state);
  lineageRoutes(router, state);

  const record = (entry: RecordedRequest): void => {
    recorded.push(entry);
    if (recorded.length > MAX_RECORDED) recorded = recorded.slice(-MAX_RECORDED);
  };

  const sandbox: Sandbox = {
    url: '',
    rules,
    host,
    port: 0,
    faults,
    get store() {
      return state.store;
    },
    requests: () => recorded.map((r) => ({ ...r })),
    clearRequests: () => {
      recorded = [];
    },
    reset: () => {
      state.store = buildStore();
      faults.clear();
      recorded = [];
    },
    close: () => Promise.resolve(),
  };
  const admin = adminRoutes(sandbox);

  async function applyFault(fault: ActiveFault, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    if (fault.latencyMs) await sleep(fault.latencyMs);
    if (res.destroyed || req.socket.destroyed) return true;
    if (fault.drop === 'before-response') {
      req.socket.destroy();
      return true;
    }
    if (fault.redirectTo) {
      const location = new URL(url.pathname + url.search, fault.redirectTo).href;
      res.writeHead(fault.redirectStatus ?? 307, { Location: location, 'Content-Length': 0 });
      res.end();
      return true;
    }
    if (fault.status) {
      const headers: Record<string, string> = fault.retryAfterSeconds !== undefined ? { 'Retry-After': String(fault.retryAfterSeconds) } : {};
      sendJson(res, fault.status, { code: fault.status, message: fault.message ?? `Injected fault: HTTP ${fault.status}` }, headers);
      return true;
    }
    if (fault.malformedJson) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"data": [{"id": "unterminated');
      return true;
    }
    if (fault.hugeBodyBytes) {
      await writeHuge(res, fault.hugeBodyBytes);
      return true;
    }
    return false;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const baseUrl = `http://${req.headers.host ?? `${host}:${sandbox.port}`}`;
    const url = new URL(req.url ?? '/', baseUrl);
    const method = (req.method ?? 'GET').toUpperCase();
    if (url.pathname.startsWith('/__sandbox/')) {
      // The admin endpoints are the sandbox's own, but a sandbox started with a token guards them too.
      const result = await Promise.resolve()
        .then(() => enforceAuth(classifyAuth(req.headers, tokens), url.pathname, tokens))
        .then(() => admin(method, url, req))
        .catch((error: unknown) => errorResult(error));
      sendJson(res, result.status, result.body);
      return;
    }
    const entry: RecordedRequest = { method, path: url.pathname, status: 0, auth: classifyAuth(req.headers, tokens) };
    record(entry);
    const fault = faults.take(method, url.pathname);
    if (fault) {
      entry.fault = fault.id;
      if (await applyFault(fault, req, res, url)) {
        entry.status = res.headersSent ? res.statusCode : 0;
        return;
      }
    }
    let result: RouteResult;
    let headers: Record<string, string> = {};
    try {
      enforceAuth(entry.auth, url.pathname, tokens);
      const context: RequestContext = {
        method,
        url,
        query: url.searchParams,
        principal: principalOf(req.headers, tokens, (name) => state.store.users.byFqn(quoteName(name, 'double'))),
        rules,
        baseUrl,
        now,
        readJson: (contentType) => readJsonBody(req, contentType),
      };
      const { handler, params } = router.match(method, url.pathname);
      result = await handler(context, params);
    } catch (error) {
      headers = error instanceof ApiError ? error.headers : {};
      result = errorResult(error);
    }
    entry.status = result.status;
    if (fault?.drop === 'mid-body') sendHalfThenDrop(res, result.status, result.body);
    else if (result.html !== undefined) sendHtml(res, result.status, result.html);
    else sendJson(res, result.status, result.body, headers);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const result = errorResult(error);
      if (!res.headersSent) sendJson(res, result.status, result.body);
      else res.destroy();
    });
  });
  // A request line or headers too long get the 431 a real server sends (Jetty: 414 or 431), not a
  // dropped connection. Otherwise: tests drop connections on purpose; a reset socket is no error.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'HPE_HEADER_OVERFLOW' && socket.writable) socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  sandbox.port = address.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  sandbox.url = `http://${urlHost}:${address.port}`;
  sandbox.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return sandbox;
}

export function errorResult(error: unknown): RouteResult {
  if (error instanceof ApiError) return { status: error.status, body: { code: error.status, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 500, body: { code: 500, message } };
}
