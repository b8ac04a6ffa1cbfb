// The checks before a publish, shared by the CLI and the editor: the file must validate (errors
// only; warnings do not block), name a service, and every reference must resolve. Whatever stops
// the publish is returned as problems on the lines that caused them.

import type { ModelDocument } from '../service/document';
import { readModel } from '../service/model';
import { validateModel } from '../service/validation';
import { KIND_NAMES, referencesIn } from '../service/references';
import { normalizeFqn } from '../service/fqn';
import type { Problem } from '../service/types';
import type { OpenMetadataClient } from '../openmetadata/client';
import { getPair, getValue, stringValue } from '../service/yaml/query';
import type { YamlNode } from '../service/yaml/ast';
import { FieldProblemError } from './compile';
import { planPublish, type PlanOptions, type PublishPlan } from './plan';
import type { Unresolved } from './resolve';

/**
 * `invalid`: the file's own validation errors, which an editor already shows; `blocked`: what only
 * a publish finds (no service, references the server does not have).
 */
export type Prepared = { plan: PublishPlan; problems: [] } | { plan?: undefined; problems: Problem[]; reason: 'invalid' | 'blocked' };

export async function preparePublish(doc: ModelDocument, client: OpenMetadataClient, options: PlanOptions = {}): Promise<Prepared> {
  const errors = validateModel(doc).filter((p) => p.severity === 'error');
  if (errors.length) return { problems: errors, reason: 'invalid' };
  const root = doc.yaml.root;
  const model = readModel(doc);
  if (!model.service) {
    const at = root?.kind === 'map' ? (getPair(root, 'name')?.key ?? root) : { start: 0, end: 0 };
    return { reason: 'blocked', problems: [{ target: at, code: 'missing-field', severity: 'error', message: 'Publishing needs the ML model service: add `service:` (e.g. `service: mlflow_svc`).' }] };
  }
  let result;
  try {
    result = await planPublish(model, client, options);
  } catch (e) {
    if (!(e instanceof FieldProblemError)) throw e;
    return { reason: 'blocked', problems: [{ target: fieldNode(root, e.field) ?? root ?? { start: 0, end: 0 }, code: 'invalid-value', severity: 'error', message: `Cannot publish: ${e.message}` }] };
  }
  if (result.plan) return { plan: result.plan, problems: [] };
  return { problems: unresolvedProblems(doc, result.unresolved), reason: 'blocked' };
}

/** The key of `field` (its item `name`, when given: a domain or data product of a list). */
function fieldNode(root: YamlNode | null | undefined, field: string, name?: string): YamlNode | undefined {
  if (root?.kind !== 'map') return undefined;
  const pair = getPair(root, field);
  const value = getValue(root, field);
  if (name !== undefined) {
    if (value?.kind === 'seq') return value.items.find((item) => stringValue(item) === name) ?? pair?.key;
    if (stringValue(value) === name) return value;
  }
  return pair?.key;
}

function unresolvedProblems(doc: ModelDocument, unresolved: Unresolved[]): Problem[] {
  const refs = referencesIn(doc.yaml.root);
  const same = (a: string, b: string) => a === b || normalizeFqn(a) === normalizeFqn(b);
  return unresolved.flatMap((u): Problem[] => {
    if (u.kind === 'domain' || u.kind === 'dataProduct') {
      // Not catalog references the editor checks (the index does not hold them): said where the file names them.
      const noun = u.kind === 'domain' ? 'domain' : 'data product';
      const root = doc.yaml.root;
      const at = (u.kind === 'domain' ? (fieldNode(root, 'domain', u.name) ?? fieldNode(root, 'domains', u.name)) : fieldNode(root, 'dataProducts', u.name)) ?? root;
      return at ? [{ target: at, code: 'invalid-value', severity: 'error', message: `Cannot publish: the ${noun} \`${u.name}\` does not exist on the server.` }] : [];
    }
    const kind = u.kind;
    return refs
      .filter((r) => r.kind === kind && same(r.name, u.name))
      .map(
        (r): Problem => ({
          target: r.node,
          code: KIND_NAMES[kind].unknown,
          severity: 'error',
          message: `Cannot publish: the ${KIND_NAMES[kind].noun} \`${u.name}\` does not exist on the server.`,
        }),
      );
  });
}
