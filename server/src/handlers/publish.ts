// Publish and Preview (mlmodel/publish, mlmodel/preview): plan the open document's model against
// the server (cancellable), put what stops a publish on the document's lines, and either write the
// plan or show both sides of it. Publishing and the YAML writer load on first use: most sessions
// never publish, and the server answers `initialize` sooner without them.

import type { CancellationToken, Connection } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentStore } from './documentStore';
import type { OpenMetadataClient } from '../openmetadata/client';
import type { PublishPlan } from '../publish/plan';
import { readModel } from '../service/model';
import { PreviewRequest, PublishRequest, type PreviewResult, type PublishResult } from '../shared/protocol';
import { lineageChangesOf, nothingToPreview, notPublished, publishedMessage } from '../shared/wording';
import type { CatalogConnection } from './catalogConnection';
import type { ValidationScheduler } from './validation';

export interface PublishOptions {
  connection: Pick<Connection, 'console'>;
  store: DocumentStore;
  catalog: CatalogConnection;
  validation: ValidationScheduler;
  /** The model changed on the server: lenses show its version. */
  refreshCodeLenses: () => void;
}

type Refusal = { ok: false; message: string; problems?: number };
type Planned = { plan: PublishPlan; document: TextDocument; client: OpenMetadataClient; signal: AbortSignal };

export class PublishHandler {
  constructor(private readonly options: PublishOptions) {}

  register(connection: Pick<Connection, 'onRequest'>): void {
    connection.onRequest(PublishRequest.type, ({ uri }, token) => this.publish(uri, token));
    connection.onRequest(PreviewRequest.type, ({ uri }, token) => this.preview(uri, token));
  }

  async publish(uri: string, token: CancellationToken): Promise<PublishResult> {
    let signal: AbortSignal | undefined;
    try {
      const planned = await this.plan(uri, token, notPublished);
      if (!('plan' in planned)) return planned;
      ({ signal } = planned);
      const { plan, document, client } = planned;
      if (signal.aborted) return { ok: false, message: 'Cancelled; nothing was written.' };
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
      if (lineageFailed.length || lineageRemoveFailed.length) return { ok: false, fqn, url, version, lineageFailed, lineageRemoveFailed, message };
      return { ok: true, fqn, url, version, message };
    } catch (e) {
      // Cancelled during the model's write: say that it may have happened.
      const uncertain = (e as { uncertain?: boolean }).uncertain === true;
      return { ok: false, message: signal?.aborted && !uncertain ? 'Cancelled; nothing was written.' : signal?.aborted ? `Cancelled. ${(e as Error).message}` : (e as Error).message };
    }
  }

  async preview(uri: string, token: CancellationToken): Promise<PreviewResult> {
    try {
      const planned = await this.plan(uri, token, nothingToPreview);
      if (!('plan' in planned)) return planned;
      const { plan, document } = planned;
      const { authoredFromEntity, modelYaml } = require('../publish/authored') as typeof import('../publish/authored');
      const changes = lineageChangesOf(plan.lineage);
      return {
        ok: true,
        message: plan.summary,
        fqn: plan.fqn,
        summary: plan.summary,
        server: plan.current ? modelYaml(authoredFromEntity(plan.current)) : '',
        file: modelYaml(readModel(this.options.store.model(document))),
        lineageToAdd: changes.add,
        lineageToRemove: changes.remove,
        lineageKept: changes.kept,
      };
    } catch (e) {
      return { ok: false, message: (e as Error).message };
    }
  }

  /**
   * What Publish and Preview share: find the open document, check the connection, plan against the
   * server (cancellable), and if the file cannot be published put the reasons on its lines.
   */
  private async plan(uri: string, token: CancellationToken, refused: (problems: number) => string): Promise<Planned | Refusal> {
    const { store, catalog, validation } = this.options;
    const document = store.get(uri);
    if (!document) return { ok: false, message: 'The document is not open.' };
    const connected = catalog.client();
    if (!('client' in connected)) return connected;
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    const { preparePublish } = require('../publish/prepare') as typeof import('../publish/prepare');
    const version = document.version;
    const prepared = await preparePublish(store.model(document), connected.client, { signal: abort.signal });
    if (!prepared.plan) {
      // The file's own errors are already on its lines (a value left empty where the user was
      // writing, once they ask); only what the publish found is added, to the version it was found on.
      if (prepared.reason === 'blocked' && document.version === version) validation.showPublishProblems(document, prepared.problems);
      else validation.doneWriting(document);
      return { ok: false, message: refused(prepared.problems.length), problems: prepared.problems.length };
    }
    return { plan: prepared.plan, document, client: connected.client, signal: abort.signal };
  }
}
