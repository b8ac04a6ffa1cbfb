// Carrying out a publish plan: PUT the model, then PUT one table → model lineage edge per distinct
// source table the server does not have an edge from yet (as the SDK's add_mlmodel_lineage does, but
// never for an edge that exists: upstream's addLineage writes a fresh details object over it,
// erasing its SQL query, column lineage, pipeline, description and who drew it when), then DELETE
// the stale edges of tables that are no longer sources (./lineage.ts decides which). An edge that
// was not written is still missing at the next plan, and a stale edge left behind is found again
// from the model's history, so publishing again after a partial failure completes the lineage. The
// report says exactly what was written and what was not.

import type { OpenMetadataClient } from '../openmetadata/client';
import { NotFoundError } from '../openmetadata/errors';
import type { EntityReference, MlModel } from '../openmetadata/types';
import type { PublishPlan } from './plan';
import { planLineage, type PlannedLineage } from './lineage';
import { countTables, tableName } from '../shared/wording';

export interface PublishReport {
  fqn: string;
  url?: string;
  created: boolean;
  version: number;
  previousVersion?: number;
  /** Tables whose edge to the model was written, or was already there (and was left as it is). */
  lineageWritten: string[];
  /** Tables whose edge could not be written, with why. */
  lineageFailed: Array<{ table: string; message: string }>;
  /** Tables no longer a source whose edge to the model was removed. */
  lineageRemoved: string[];
  /** Such tables whose edge could not be removed, with why. */
  lineageRemoveFailed: Array<{ table: string; message: string }>;
  model: MlModel;
}

/** Failures that leave the client without the server's answer: the write may have happened. */
const OUTCOME_UNKNOWN: ReadonlySet<string> = new Set(['timeout', 'connectionLost', 'malformed', 'tooLarge', 'aborted']);

/** A step of the publish failed before anything after it ran. */
export class PublishStepError extends Error {
  /** No usable answer came back: the server may have written the model all the same. */
  readonly uncertain: boolean;

  constructor(
    readonly step: 'model',
    override readonly cause: unknown,
  ) {
    const kind = (cause as { kind?: unknown } | null)?.kind;
    const uncertain = typeof kind === 'string' && OUTCOME_UNKNOWN.has(kind);
    const message = cause instanceof Error ? cause.message : String(cause);
    super(
      uncertain
        ? `Writing the model did not complete: ${message} It may or may not have been written; publish again to make sure (publishing again changes nothing that is already there).`
        : `Writing the model failed: ${message}`,
    );
    this.uncertain = uncertain;
  }
}

export interface ExecuteOptions {
  /** Cancels the requests in flight (their outcome is then unknown) and starts no more. */
  signal?: AbortSignal;
  /**
   * Starts no more requests once aborted, but lets those in flight be answered, so the report says
   * exactly what was written (the CLI's first Ctrl+C).
   */
  stop?: AbortSignal;
  /** Called as each step starts, for progress reporting. */
  onStep?: (message: string) => void;
}

const LINEAGE_CONCURRENCY = 4;

export async function executePlan(plan: PublishPlan, client: OpenMetadataClient, options: ExecuteOptions = {}): Promise<PublishReport> {
  if (options.stop?.aborted) throw new PublishStepError('model', new Error('cancelled before it was sent.'));
  options.onStep?.(`Writing ${plan.fqn}`);
  let written;
  try {
    written = await client.createOrUpdateMlModel(plan.request, { signal: options.signal });
  } catch (e) {
    throw new PublishStepError('model', e);
  }
  const model = written.entity;
  const tables = plan.lineage.tables;
  const lineage = await lineageOnceWritten(plan, client, options);
  if ('unread' in lineage) {
    const failed = tables.map((t) => ({ table: tableName(t), message: lineage.unread }));
    return { ...reportOf(plan, written, model), lineageWritten: [], lineageFailed: failed, lineageRemoved: [], lineageRemoveFailed: [] };
  }
  // The file says nothing about an edge but that it exists, so an edge the server has is never
  // written again: that keeps whatever a person, a pipeline or an ingestion put on it.
  const present = new Set(lineage.present);
  const fresh = tables.filter((t) => !present.has(tableName(t)));
  if (fresh.length) options.onStep?.(`Writing lineage from ${countTables(fresh.length)}`);
  const added = await eachTable(fresh, 'written', options, (table) =>
    client.addLineage({ edge: { fromEntity: { id: table.id, type: table.type }, toEntity: { id: model.id, type: 'mlmodel' } } }, { signal: options.signal }),
  );
  const failed = new Set(added.failed.map((f) => f.table));
  // Removed only after every PUT: a stale edge goes once the model and its current lineage are written.
  const stale = lineage.remove;
  if (stale.length) options.onStep?.(`Removing lineage from ${countTables(stale.length)} no longer a source`);
  const removed = await eachTable(stale, 'removed', options, async (table) => {
    try {
      await client.deleteLineageEdge({ type: 'table', id: table.id }, { type: 'mlmodel', id: model.id }, { signal: options.signal });
    } catch (e) {
      // Not found: the edge is already gone (removed meanwhile, or by an attempt whose answer was
      // lost and then retried), which is what was asked.
      if (!(e instanceof NotFoundError)) throw e;
    }
  });
  return {
    ...reportOf(plan, written, model),
    lineageWritten: tables.map(tableName).filter((t) => !failed.has(t)),
    lineageFailed: added.failed,
    lineageRemoved: removed.done,
    lineageRemoveFailed: removed.failed,
  };
}

function reportOf(plan: PublishPlan, written: { created: boolean }, model: MlModel): Omit<PublishReport, 'lineageWritten' | 'lineageFailed' | 'lineageRemoved' | 'lineageRemoveFailed'> {
  return { fqn: model.fullyQualifiedName ?? plan.fqn, url: plan.url, created: written.created, version: model.version ?? plan.version.to, previousVersion: plan.version.from, model };
}

/**
 * The plan's lineage, or for a restore (the server showed no lineage of the deleted model) the
 * lineage planned now that the PUT has restored the model: its old edges are still stored, so the
 * same rules find those that are there (never sent again) and the stale ones. `plan.current`, the
 * model as it was before the publish, says which tables were its sources. A read that fails leaves
 * the lineage unwritten, each table reported with why; publishing again plans it as any update.
 */
async function lineageOnceWritten(plan: PublishPlan, client: OpenMetadataClient, options: ExecuteOptions): Promise<PlannedLineage | { unread: string }> {
  if (!plan.lineage.afterRestore || !plan.current) return plan.lineage;
  if (options.stop?.aborted || options.signal?.aborted) return { unread: 'cancelled before the restored model\'s lineage was read' };
  try {
    return await planLineage(client, { ...plan.current, deleted: false }, plan.lineage.tables, options.signal);
  } catch (e) {
    return { unread: `the restored model's lineage could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/**
 * Runs `step` for each table, a few at a time; each failure is kept with its table. Both lists are
 * in the order of `tables`, whatever order the answers came in.
 */
async function eachTable(
  tables: EntityReference[],
  verb: 'written' | 'removed',
  { signal, stop }: ExecuteOptions,
  step: (table: EntityReference) => Promise<unknown>,
): Promise<{ done: string[]; failed: Array<{ table: string; message: string }> }> {
  const outcome = new Map<EntityReference, string | undefined>();
  const queue = [...tables];
  const worker = async () => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      try {
        if (signal?.aborted || stop?.aborted) throw new Error(`cancelled before this edge was ${verb}`);
        await step(table);
        outcome.set(table, undefined);
      } catch (e) {
        outcome.set(table, e instanceof Error ? e.message : String(e));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LINEAGE_CONCURRENCY, queue.length) }, worker));
  return {
    done: tables.filter((t) => outcome.get(t) === undefined).map(tableName),
    failed: tables.filter((t) => outcome.get(t) !== undefined).map((t) => ({ table: tableName(t), message: outcome.get(t)! })),
  };
}
