// One running server with documents: the LSP steps the bench times, each checked for the answer
// it must give.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { LspServer, type Received } from './lsp';
import type { ServerUnderTest } from './servers';

export interface Position {
  line: number;
  character: number;
}

export interface Diagnostic {
  range: { start: Position; end: Position };
  severity?: number;
  message: string;
}

interface PublishDiagnostics {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export interface CompletionItem {
  label: string;
}

export interface Validated {
  /** didOpen/didChange sent → diagnostics received. */
  ms: number;
  diagnostics: Diagnostic[];
  /** The validation time the server reports, when it reports one. */
  serverMs?: number;
}

export interface TextEdit {
  range: { start: Position; end: Position };
  text: string;
}

/** Errors and warnings; information and hints do not count as reporting a mistake. */
export function problems(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => (d.severity ?? 1) <= 2);
}

export function describe(diagnostics: Diagnostic[], limit = 5): string {
  const shown = diagnostics.slice(0, limit).map((d) => `line ${d.range.start.line + 1}: ${d.message.split('\n')[0]}`);
  return shown.join('; ') + (diagnostics.length > limit ? `; … ${diagnostics.length - limit} more` : '');
}

export class Session {
  private readonly versions = new Map<string, number>();

  private constructor(
    readonly server: ServerUnderTest,
    private readonly lsp: LspServer,
    private readonly docDir: string,
    /** Spawn → initialize result, ms. */
    readonly coldStartMs: number,
  ) {}

  static async start(server: ServerUnderTest, workDir: string): Promise<Session> {
    const docDir = join(workDir, 'docs');
    mkdirSync(docDir, { recursive: true });
    const lsp = new LspServer(server.launch, server.configuration, join(workDir, `${server.id}.log`));
    try {
      const init = await lsp.request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'mlmodel-yaml-bench' },
        rootUri: pathToFileURL(docDir).href,
        workspaceFolders: [{ uri: pathToFileURL(docDir).href, name: 'bench' }],
        initializationOptions: server.initializationOptions,
        capabilities: {
          workspace: { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } },
          textDocument: {
            synchronization: { dynamicRegistration: false, didSave: true },
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
            completion: {
              completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], labelDetailsSupport: true },
              contextSupport: true,
            },
            hover: { contentFormat: ['markdown', 'plaintext'] },
          },
          window: { workDoneProgress: true },
        },
      });
      const session = new Session(server, lsp, docDir, init.at - lsp.spawnedAt);
      lsp.notify('initialized', {});
      // Let the server pull its configuration before the first timed step.
      await new Promise((resolve) => setTimeout(resolve, 300));
      return session;
    } catch (error) {
      lsp.kill();
      throw error;
    }
  }

  uri(name: string): string {
    return pathToFileURL(join(this.docDir, name)).href;
  }

  /** didOpen → the first diagnostics for that document. */
  async open(uri: string, text: string): Promise<Validated> {
    this.versions.set(uri, 1);
    const published = this.validated(uri, 1);
    const sent = this.lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: this.server.languageId, version: 1, text } });
    return this.since(sent, await published);
  }

  close(uri: string): void {
    this.versions.delete(uri);
    this.lsp.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** An incremental didChange → the first diagnostics for the new version. */
  async change(uri: string, edits: TextEdit[]): Promise<Validated> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const published = this.validated(uri, version);
    const sent = this.lsp.notify('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: edits.map((e) => ({ range: e.range, text: e.text })),
    });
    return this.since(sent, await published);
  }

  async complete(uri: string, position: Position): Promise<{ ms: number; items: CompletionItem[] }> {
    const sent = performance.now();
    const { value, at } = await this.lsp.request<CompletionItem[] | { items: CompletionItem[] } | null>('textDocument/completion', {
      textDocument: { uri },
      position,
      context: { triggerKind: 1 },
    });
    const items = value === null ? [] : Array.isArray(value) ? value : value.items;
    return { ms: at - sent, items };
  }

  peakRss(): number {
    return this.lsp.peakRss();
  }

  shutdown(): Promise<void> {
    return this.lsp.shutdown();
  }

  private since(sent: number, [diagnostics, status]: [Received<PublishDiagnostics>, Received<{ validationMs: number }> | undefined]): Validated {
    return { ms: diagnostics.at - sent, diagnostics: diagnostics.value.diagnostics, serverMs: status?.value.validationMs };
  }

  /**
   * The first diagnostics for a version (servers that report versions are held to it;
   * yaml-language-server reports none), with the server's own account of the time it took.
   */
  private validated(uri: string, version: number): Promise<[Received<PublishDiagnostics>, Received<{ validationMs: number }> | undefined]> {
    const forVersion = (p: { uri: string; version?: number | null }): boolean =>
      p.uri === uri && (p.version === undefined || p.version === null || p.version === version);
    const status = this.server.statusNotification;
    return Promise.all([
      this.lsp.next<PublishDiagnostics>('textDocument/publishDiagnostics', forVersion),
      status ? this.lsp.next<{ uri: string; version: number; validationMs: number }>(status, forVersion) : undefined,
    ]);
  }
}
