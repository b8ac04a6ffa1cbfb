// Carrying out a publish plan: PUT the model, then PUT one table → model lineage edge per distinct
// source table (as the SDK's add_mlmodel_lineage does). Re-sending an existing edge changes nothing,
// so publishing again after a partial failure completes the lineage. The report says exactly what
// was written and what was not.

import type { OpenMetadataClient } from '../openmetadata/client';
import type { MlModel } from '../openmetadata/types';
import type { PublishPlan } from './plan';

export interface PublishReport {
  fqn: string;
  url?: string;
  created: boolean;
  version: number;
  previousVersion?: number;
  /** Tables whose edge to the model was written (or confirmed). */
  lineageWritten: string[];
  /** Tables whose edge could not be written, with why. */
  lineageFailed: Array<{ table: string; message: string }>;
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
  signal?: AbortSignal;
  /** Called as each step starts, for progress reporting. */
  onStep?: (message: string) => void;
}

const LINEAGE_CONCURRENCY = 4;

export async function executePlan(plan: PublishPlan, client: OpenMetadataClient, options: ExecuteOptions = {}): Promise<PublishReport> {
  options.onStep?.(`Writing ${plan.fqn}`);
  let written;
  try {
    written = await client.createOrUpdateMlModel(plan.request, { signal: options.signal });
  } catch (e) {
    throw new PublishStepError('model', e);
  }
  const model = written.entity;
  const lineageWritten: string[] = [];
  const lineageFailed: PublishReport['lineageFailed'] = [];
  const queue = [...plan.lineage.tables];
  options.onStep?.(`Writing lineage from ${queue.length} table${queue.length === 1 ? '' : 's'}`);
  const worker = async () => {
    for (let table = queue.shift(); table; table = queue.shift()) {
      const name = table.fullyQualifiedName ?? table.id;
      try {
        if (options.signal?.aborted) throw new Error('cancelled before this edge was written');
        await client.addLineage({ edge: { fromEntity: { id: table.id, type: table.type }, toEntity: { id: model.id, type: 'mlmodel' } } }, { signal: options.signal });
        lineageWritten.push(name);
      } catch (e) {
        lineageFailed.push({ table: name, message: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LINEAGE_CONCURRENCY, queue.length) }, worker));
  const order = (list: string[]) => plan.lineage.tables.map((t) => t.fullyQualifiedName ?? t.id).filter((n) => list.includes(n));
  return {
    fqn: model.fullyQualifiedName ?? plan.fqn,
    url: plan.url,
    created: written.created,
    version: model.version ?? plan.version.to,
    previousVersion: plan.version.from,
    lineageWritten: order(lineageWritten),
    lineageFailed: plan.lineage.tables.flatMap((t) => lineageFailed.filter((f) => f.table === (t.fullyQualifiedName ?? t.id))),
    model,
  };
}
