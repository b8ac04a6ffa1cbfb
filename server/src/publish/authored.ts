// An OpenMetadata ML model entity in the authoring format, and any authored model as YAML text:
// what `mlmodel pull` writes and what the preview diff shows on both sides, so that only real
// differences show, never formatting.

import { stringify } from 'yaml';
import type { AuthoredModel, AuthoredOwner, AuthoredReference, AuthoredTag } from '../service/model';
import { normalizeFqn } from '../service/fqn';
import type { EntityReference, MlModel, TagLabel } from '../openmetadata/types';

/** The server's entity as a file would write it: FQNs for references, tag FQNs for plain tags. */
export function authoredFromEntity(entity: MlModel): AuthoredModel {
  return canonical({
    name: entity.name,
    displayName: entity.displayName,
    description: entity.description,
    algorithm: entity.algorithm,
    service: entity.service.fullyQualifiedName ?? entity.service.name,
    target: entity.target,
    server: entity.server,
    dashboard: entity.dashboard && refFqn(entity.dashboard),
    sourceUrl: entity.sourceUrl,
    mlStore: entity.mlStore,
    mlHyperParameters: entity.mlHyperParameters,
    mlFeatures: entity.mlFeatures?.map((f) => ({
      name: f.name,
      dataType: f.dataType,
      description: f.description,
      featureAlgorithm: f.featureAlgorithm,
      featureSources: f.featureSources?.map((s) => ({ name: s.name, dataType: s.dataType, description: s.description, dataSource: s.dataSource && refFqn(s.dataSource), tags: tagsOf(s.tags) })),
      tags: tagsOf(f.tags),
    })),
    owners: entity.owners?.filter((o) => !o.inherited).map(ownerOf),
    tags: tagsOf(entity.tags),
    // Before 1.9 one `domain`, from 1.9 a list (capabilities.ts); one inherited from the service
    // is not the model's own, and writing it into the file would make a publish set it.
    domains: (entity.domains ?? (entity.domain ? [entity.domain] : [])).filter((d) => !d.inherited).map((d) => d.fullyQualifiedName ?? d.name ?? d.id),
    dataProducts: entity.dataProducts?.map((d) => d.fullyQualifiedName ?? d.name ?? d.id),
    extension: entity.extension,
    sourceHash: entity.sourceHash,
  });
}

const ORDER: Array<keyof AuthoredModel> = [
  'name', 'displayName', 'description', 'algorithm', 'service', 'target', 'server', 'dashboard', 'sourceUrl', 'mlStore',
  'mlHyperParameters', 'mlFeatures', 'owners', 'tags', 'domain', 'domains', 'dataProducts', 'extension', 'lifeCycle', 'sourceHash',
];

/**
 * The model in a canonical form: fields in the format's order, empty ones left out, references as
 * normalized FQNs, hyperparameter values as strings. Two models that publish the same request
 * have the same canonical form.
 */
function canonical(model: AuthoredModel): AuthoredModel {
  // One domain is written `domain:`, which every server version takes; several need `domains:`.
  if (model.domain === undefined && model.domains?.length === 1) model = { ...model, domain: model.domains[0], domains: undefined };
  const out: Record<string, unknown> = {};
  for (const key of ORDER) {
    const value = prune(model[key]);
    if (value !== undefined) out[key] = key === 'service' || key === 'dashboard' ? canonicalRef(value as AuthoredReference) : value;
  }
  const result = out as AuthoredModel;
  result.mlHyperParameters = result.mlHyperParameters?.map((h) => prune({ name: h.name, value: h.value === undefined ? undefined : String(h.value), description: h.description }) as typeof h);
  result.mlFeatures = result.mlFeatures?.map((f) => prune({ ...f, featureSources: f.featureSources?.map((s) => prune({ ...s, dataSource: s.dataSource && canonicalRef(s.dataSource) }) as typeof s) }) as typeof f);
  return result;
}

export function modelYaml(model: AuthoredModel, header?: string): string {
  const body = stringify(canonical(model), { lineWidth: 0, indentSeq: true });
  return header ? `${header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n')}\n${body}` : body;
}

function canonicalRef(ref: AuthoredReference): AuthoredReference {
  return typeof ref === 'string' ? (normalizeFqn(ref) ?? ref) : ref;
}

function refFqn(ref: EntityReference): AuthoredReference {
  return ref.fullyQualifiedName ?? { id: ref.id, type: ref.type };
}

function ownerOf(ref: EntityReference): AuthoredOwner {
  const name = ref.name ?? ref.fullyQualifiedName;
  if (name && ref.type === 'user') return { user: name };
  if (name && ref.type === 'team') return { team: name };
  return { id: ref.id, type: ref.type };
}

/** Tags this format writes as plain FQNs are manual, confirmed classification tags; others keep their label. */
function tagsOf(labels: TagLabel[] | undefined): AuthoredTag[] | undefined {
  return labels?.map((t) =>
    t.source === 'Classification' && t.labelType === 'Manual' && t.state === 'Confirmed' ? t.tagFQN : { tagFQN: t.tagFQN, source: t.source, labelType: t.labelType, state: t.state },
  );
}

/** Drop undefined fields, empty lists and empty mappings. */
function prune(value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) {
    const items = value.map(prune).filter((v) => v !== undefined);
    return items.length ? items : undefined;
  }
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const p = prune(v);
      if (p !== undefined) out[k] = p;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}
