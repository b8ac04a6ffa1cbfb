// Publish and Preview (mlmodel/publish, mlmodel/preview): plan the open document's model against
// the server (cancellable), put what stops a publish on the document's lines, and either write the
// plan or show both sides of it. A preview carries a key of its plan: a publish sent with that key
// writes that plan or nothing, so what the user confirmed is what reaches the server (the editor
// asks before publishing to a server elsewhere). Publishing and the YAML writer load on first use:
// most sessions never publish, and the server answers `initialize` sooner without them.

import { createHash } from 'node:crypto';
import { DiagnosticSeverity, type CancellationToken, type Connection, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documentStore';
import type { OpenMetadataClient } from '../openmetadata/client';
import type { PublishPlan } from '../publish/plan';
import { readModel } from '../service/model';
import type { Problem } from '../service/types';
import { PreviewRequest, PublishRequest, type ConfirmedPlan, type PreviewResult, type PublishFailure, type PublishResult } from '../shared/protocol';
import { lineageChangesOf, nothingToPreview, notPublished, planChanged, publishedMessage, tableName } from '../shared/wording';
import { failureOf, type CatalogConnection } from './catalogConnection';
import type { ValidationScheduler } from './validation';

export interface PublishOptions {
  connection: Pick<Connection, 'console'>;
  store: DocumentStore;
  catalog: CatalogConnection;
  validation: ValidationScheduler;
  /** The model changed on the server: lenses show its version. */
  refreshCodeLenses: () => void;
}

type Refusal = { ok: false; message: string; reason: PublishFailure; problems?: number };
type Planned = { plan: PublishPlan; document: TextDocument; client: OpenMetadataClient; signal: AbortSignal };

const CANCELLED: Refusal = { ok: false, reason: 'cancelled', message: 'Cancelled; nothing was written.' };

export class PublishHandler {
  constructor(private readonly options: PublishOptions) {}

  register(connection: Pick<Connection, 'onRequest'>): void {
    connection.onRequest(PublishRequest.type, ({ uri, confirmed }, token) => this.publish(uri, token, confirmed));
    connection.onRequest(PreviewRequest.type, ({ uri }, token) => this.preview(uri, token));
  }

  /** Plans afresh and writes; with `confirmed`, only when the fresh plan is the one the user reviewed. */
  async publish(uri: string, token: CancellationToken, confirmed?: ConfirmedPlan): Promise<PublishResult> {
    let signal: AbortSignal | undefined;
    try {
      const planned = await this.plan(uri, token, notPublished);
      if (!('plan' in planned)) return planned;
      ({ signal } = planned);
      const { plan, document, client } = planned;
      if (signal.aborted) return CANCELLED;
      if (confirmed && planKey(plan) !== confirmed.key) {
        return { ok: false, reason: 'planChanged', fqn: plan.fqn, message: planChanged(plan.fqn, client.uiBaseUrl, confirmed.version, plan.version) };
      }
      const { executePlan } = require('../publish/execute') as typeof import('../publish/execute');
      const report = await executePlan(plan, client, { signal, onStep: (step) => this.options.connection.console.info(step) });
      this.options.catalog.catalog?.noteMlModel({ id: report.model.id, fullyQualifiedName: report.fqn, version: report.version });
      this.options.validation.clearPublishProblems(document);
      this.options.refreshCodeLenses();
      const message = publishedMessage({
        fqn: report.fqn,
        action: plan.action,
        version: report.version,
        summary: plan.summary,
        tables: plan.lineage.tables.length,
        written: report.lineageWritten.length,
        removed: report.lineageRemoved,
        failed: report.lineageFailed,
        removeFailed: report.lineageRemoveFailed,
      });
      const { fqn, url, version, lineageFailed, lineageRemoveFailed } = report;
      const keptForBot = plan.keptForBot.length ? { keptForBot: plan.keptForBot } : {};
      if (lineageFailed.length || lineageRemoveFailed.length) return { ok: false, fqn, url, version, lineageFailed, lineageRemoveFailed, message, ...keptForBot };
      return { ok: true, fqn, url, version, message, ...keptForBot };
    } catch (e) {
      // Cancelled during the model's write: say that it may have happened.
      const uncertain = (e as { uncertain?: boolean }).uncertain === true;
      if (signal?.aborted && !uncertain) return CANCELLED;
      return { ok: false, reason: reasonOf(e), message: signal?.aborted ? `Cancelled. ${(e as Error).message}` : (e as Error).message };
    }
  }

  async preview(uri: string, token: CancellationToken): Promise<PreviewResult> {
    try {
      const planned = await this.plan(uri, token, nothingToPreview);
      if (!('plan' in planned)) return planned;
      const { plan, document, client } = planned;
      const { authoredFromEntity, modelYaml } = require('../publish/authored') as typeof import('../publish/authored');
      const changes = lineageChangesOf(plan.lineage);
      return {
        ok: true,
        message: plan.summary,
        fqn: plan.fqn,
        serverUrl: client.uiBaseUrl,
        action: plan.action,
        version: plan.version,
        summary: plan.summary,
        server: plan.current ? modelYaml(authoredFromEntity(plan.current)) : '',
        file: modelYaml(readModel(this.options.store.model(document))),
        lineageToAdd: changes.add,
        lineageToRemove: changes.remove,
        lineageKept: changes.kept,
        sensitive: await this.sensitiveWarnings(document, plan),
        planKey: planKey(plan),
      };
    } catch (e) {
      return { ok: false, reason: reasonOf(e), message: (e as Error).message };
    }
  }

  /**
   * What Publish and Preview share: find the open document, check the connection, plan against the
   * server (cancellable), and if the file cannot be published put the reasons on its lines and
   * count them as the Problems view lists them.
   */
  private async plan(uri: string, token: CancellationToken, refused: (shown: number, hidden: string[]) => string): Promise<Planned | Refusal> {
    const { store, catalog, validation } = this.options;
    const document = store.get(uri);
    if (!document) return { ok: false, reason: 'other', message: 'The document is not open.' };
    const connected = catalog.client();
    if (!('client' in connected)) return { ...connected, reason: 'notConnected' };
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const { preparePublish } = require('../publish/prepare') as typeof import('../publish/prepare');
    const version = document.version;
    const prepared = await preparePublish(store.model(document), connected.client, { signal: abort.signal });
    if (!prepared.plan) {
      // The file's own errors are already on its lines (a value left empty where the user was
      // writing, once they ask); only what the publish found is added, to the version it was found on.
      const current = document.version === version;
      if (prepared.reason === 'blocked' && current) validation.showPublishProblems(document, prepared.problems);
      else validation.doneWriting(document);
      const { shown, hidden } = current ? this.listed(document, prepared.problems) : { shown: distinctRanges(prepared.problems), hidden: [] };
      return { ok: false, reason: 'problems', message: refused(shown, hidden), problems: shown };
    }
    return { plan: prepared.plan, document, client: connected.client, signal: abort.signal };
  }

  /**
   * What stops a publish as the Problems view lists it: its errors (a catalog's unknown table stops
   * a publish as surely as a format error the publish found first), and any other entry that carries
   * a blocking problem (a code `mlmodel.diagnostics.severity` lowers); one entry per range (problems on
   * the same characters are one diagnostic). `hidden`: blocking problems of codes turned off, which it
   * does not list.
   */
  private listed(document: TextDocument, problems: readonly Problem[]): { shown: number; hidden: string[] } {
    const diagnostics = this.options.validation.diagnostics(document);
    const covers = (d: Diagnostic, p: Problem) => document.offsetAt(d.range.start) === p.target.start && document.offsetAt(d.range.end) === p.target.end;
    const shown = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error || problems.some((p) => covers(d, p))).length;
    const hidden = problems.filter((p) => !diagnostics.some((d) => covers(d, p))).map((p) => p.message);
    return { shown, hidden: [...new Set(hidden)] };
  }

  /**
   * The file's sensitive-data warnings, as the Problems view shows them, once the catalog has
   * answered for every source table (the plan has just found them all on the server).
   */
  private async sensitiveWarnings(document: TextDocument, plan: PublishPlan): Promise<string[]> {
    const index = this.options.catalog.catalog;
    if (index) {
      await Promise.all(
        plan.lineage.tables.map((t) => {
          index.table(tableName(t));
          return index.whenTable(tableName(t));
        }),
      );
    }
    return this.options.validation
      .diagnostics(document)
      .filter((d) => d.code === 'sensitive-data')
      .map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
  }
}

/**
 * Identifies a plan by everything a publish would write: the model's request, its versions and the
 * lineage edges to add and remove. Two plans with one key publish the same thing.
 */
function planKey(plan: PublishPlan): string {
  const { add, remove } = lineageChangesOf(plan.lineage);
  return createHash('sha256')
    .update(JSON.stringify([plan.fqn, plan.action, plan.version.from ?? null, plan.version.to, plan.request, add, remove]))
    .digest('base64url');
}

/** Why a request to the server failed, as the editor words it (the REST client's error kinds). */
function reasonOf(error: unknown): PublishFailure {
  const e = error as { kind?: unknown; cause?: { kind?: unknown } } | null;
  const kind = e?.kind ?? e?.cause?.kind;
  if (kind === 'aborted') return 'cancelled';
  return typeof kind === 'string' ? failureOf(kind) : 'other';
}

function distinctRanges(problems: readonly Problem[]): number {
  return new Set(problems.map((p) => `${p.target.start}:${p.target.end}`)).size;
}
