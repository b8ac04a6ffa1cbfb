// The catalog connection: the REST client and the in-memory index for the configured server URL,
// with the token the extension stored for exactly that URL. Reconnects when the URL changes,
// reports the connection to the client (mlmodel/catalogStatus), and tells the owner when catalog
// answers have settled, so documents are validated again and lenses redrawn.

import type { Connection } from 'vscode-languageserver';
import { failureKind, type CatalogFailureKind } from '../service/catalog';
import { CatalogIndex } from '../service/catalogIndex';
import type { LanguageService } from '../service/languageService';
import type { OpenMetadataClient, OpenMetadataClientOptions } from '../openmetadata/client';
import { CatalogStatusNotification, ProbeServerRequest, TOKEN_ENV, TOKEN_URL_ENV, type CatalogFailure, type CatalogStatus, type ProbeServerResult } from '../shared/protocol';
import { normalizeServerUrl, type Settings } from '../shared/settings';

/** Answers arrive in bursts: the owner hears of them once they settle. */
const SETTLE_MS = 200;
/** A local server answers its version in milliseconds; the picker should not wait on one that does not. */
const PROBE_TIMEOUT_MS = 1500;

export interface CatalogConnectionOptions {
  connection: Pick<Connection, 'console' | 'sendNotification'>;
  settings: () => Settings;
  service: LanguageService;
  /** The server process's environment: where the extension puts the token (TOKEN_ENV). */
  env: NodeJS.ProcessEnv;
  /** Catalog answers changed and settled. */
  onSettled: () => void;
  /** The REST client; loaded on first use by default (most sessions start without a server). */
  createClient?: (options: OpenMetadataClientOptions) => OpenMetadataClient;
}

export class CatalogConnection {
  private index?: CatalogIndex;
  private om?: OpenMetadataClient;
  /** Why the configured server URL cannot be used (no http(s) scheme, credentials in it), if so. */
  private unusableUrl?: string;
  private settleTimer?: NodeJS.Timeout;

  constructor(private readonly options: CatalogConnectionOptions) {}

  /** The index the service answers from; undefined without a usable server. */
  get catalog(): CatalogIndex | undefined {
    return this.index;
  }

  /** The client a publish writes with, or why there is none. */
  client(): { client: OpenMetadataClient } | { ok: false; message: string } {
    if (this.om) return { client: this.om };
    if (this.unusableUrl) return { ok: false, message: this.unusableUrl };
    const url = this.options.settings().serverUrl;
    return { ok: false, message: url ? `OpenMetadata at ${url} is not ready yet.` : 'Not connected to OpenMetadata: set mlmodel.server.url, or run "MLModel: Sign In to OpenMetadata".' };
  }

  /** The token the extension stored for this URL, if any; never one meant for another server. */
  private tokenFor(url: string): string | undefined {
    const token = this.options.env[TOKEN_ENV];
    const storedFor = this.options.env[TOKEN_URL_ENV];
    return token && storedFor !== undefined && normalizeServerUrl(storedFor) === url ? token : undefined;
  }

  /** (Re)connect to the configured server URL, or to none. */
  connect(): void {
    const { service } = this.options;
    const url = this.options.settings().serverUrl;
    this.stop();
    service.setCatalog(undefined);
    if (!url) {
      this.sendStatus();
      return;
    }
    let om: OpenMetadataClient;
    try {
      om = this.createClient({ baseUrl: url, token: this.tokenFor(url) });
    } catch (e) {
      this.unusableUrl = `${(e as Error).message} Set mlmodel.server.url to e.g. http://localhost:8585.`;
      this.sendStatus();
      return;
    }
    const index = new CatalogIndex(om, {
      onChange: () => {
        if (this.index !== index) return;
        this.sendStatus();
        clearTimeout(this.settleTimer);
        this.settleTimer = setTimeout(() => this.options.onSettled(), SETTLE_MS);
      },
    });
    this.om = om;
    this.index = index;
    service.setCatalog(index);
    this.sendStatus();
    void index.start();
  }

  /** A REST client; loaded on first use (most sessions start without a server). */
  private createClient(options: OpenMetadataClientOptions): OpenMetadataClient {
    const create = this.options.createClient ?? ((o) => new (require('../openmetadata/client') as typeof import('../openmetadata/client')).OpenMetadataClient(o));
    // Method, path, status and time only: the client never logs headers, bodies or the token.
    return create({ ...options, log: (line) => this.options.connection.console.log(line), warn: (line) => this.options.connection.console.warn(line) });
  }

  /**
   * Whether `url` answers as OpenMetadata, asked for its version without a token (the sign-in
   * picker offers the local sandbox only when it runs). Quick: one attempt, a short timeout.
   */
  async probe(url: string): Promise<ProbeServerResult> {
    try {
      const om = this.createClient({ baseUrl: normalizeServerUrl(url), timeoutMs: PROBE_TIMEOUT_MS, retries: 0 });
      const info = await om.serverInfo();
      return { ok: true, version: info.version };
    } catch (e) {
      return { ok: false, reason: failureOf(failureKind(e)), message: (e as Error).message };
    }
  }

  register(connection: Pick<Connection, 'onRequest'>): void {
    connection.onRequest(ProbeServerRequest.type, ({ url }) => this.probe(url));
  }

  /** Forget the connection: requests in flight are abandoned. */
  stop(): void {
    this.index?.stop();
    clearTimeout(this.settleTimer);
    this.index = undefined;
    this.om = undefined;
    this.unusableUrl = undefined;
  }

  private sendStatus(): void {
    const url = this.options.settings().serverUrl || undefined;
    const signedIn = !!(url && this.tokenFor(url));
    const index = this.index;
    let status: CatalogStatus;
    if (url && this.unusableUrl) status = { state: 'error', url: withoutCredentials(url), signedIn: false, message: this.unusableUrl, reason: 'other' };
    else if (!index || !url) status = { state: 'off', signedIn: false };
    else if (index.state.kind === 'ready') status = { state: 'ready', url, signedIn, version: index.state.info.version, user: index.state.identity.name, tables: index.knownTables };
    else if (index.state.kind === 'error') status = { state: 'error', url, signedIn, message: index.state.message, auth: index.state.auth, reason: failureOf(index.state.failure) };
    else status = { state: 'connecting', url, signedIn };
    void this.options.connection.sendNotification(CatalogStatusNotification.type, status);
  }
}

/** The editor's words for a Catalog failure kind (the REST client's error kinds). */
function failureOf(kind: CatalogFailureKind): CatalogFailure {
  switch (kind) {
    case 'unauthorized':
    case 'forbidden':
    case 'unreachable':
      return kind;
    case 'timeout':
      return 'unreachable';
    case 'malformed':
      return 'notOpenMetadata';
    default:
      return 'other';
  }
}

/** A URL fit to show: any `user:password@` taken out. */
function withoutCredentials(url: string): string {
  return url.replace(/^([^:/?#]*:\/\/)[^/?#]*@/, '$1');
}
