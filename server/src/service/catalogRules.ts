// The server's write rules a file can break while every reference it makes exists: owners
// (EntityRepository.validateOwners and the default entity rule "Multiple Users or Single Team
// Ownership"), tags (TagLabelUtil.checkMutuallyExclusive and checkDisabledTags, on the model and on
// each feature as MlModelRepository.prepare does, and over the tags a PUT merges from the server),
// data products (EntityRepository.updateDataProducts and the default rule "Data Product Domain
// Validation") and names the server cannot quote (FullyQualifiedName.quoteName). Each problem says
// what the server would answer, so the editor and `validate --server` flag it before a publish
// gets a 400. What the index does not know yet is checked when it arrives.

import type { CatalogEntity } from './catalog';
import type { CatalogIndex, Lookup } from './catalogIndex';
import { fqnKey, modelFqn, parentFqn } from './fqn';
import type { Reference } from './references';
import { featureTagsMergedOnPut } from './serverVersion';
import type { Problem } from './types';
import type { MapNode, YamlNode } from './yaml/ast';
import { getPair, getValue, stringValue } from './yaml/query';

export function writeRuleProblems(root: MapNode, refs: readonly Reference[], index: CatalogIndex): Problem[] {
  return [...ownerProblems(root, refs, index), ...tagProblems(root, refs, index), ...dataProductProblems(root, refs, index), ...nameProblems(root, index)];
}

const found = (lookup: Lookup<CatalogEntity>): CatalogEntity | undefined => (lookup.status === 'found' ? lookup.value : undefined);

function ownerProblems(root: MapNode, refs: readonly Reference[], index: CatalogIndex): Problem[] {
  const problems: Problem[] = [];
  const owners = refs.filter((r) => (r.kind === 'user' || r.kind === 'team') && !r.raw);
  for (const ref of owners) {
    const entity = found(index.entity(ref.kind as 'user' | 'team', ref.name));
    if (!entity) continue;
    if (entity.deleted) {
      problems.push(invalidOwner(ref.node, `The ${ref.kind} \`${ref.name}\` is deleted in the catalog: OpenMetadata refuses a deleted owner. Restore it or choose another owner.`));
    } else if (ref.kind === 'team' && entity.teamType && entity.teamType !== 'Group') {
      problems.push(invalidOwner(ref.node, `Team of type ${entity.teamType} can't own entities. Only Team of type Group can own entities. (\`${ref.name}\` is a ${entity.teamType}.)`));
    }
  }
  // The owners as the request sends them: named ones and raw {id, type} references alike.
  const list = getValue(root, 'owners');
  if (list?.kind !== 'seq') return problems;
  const typed = list.items.flatMap((item) => {
    if (item.kind !== 'map') return [];
    for (const kind of ['user', 'team'] as const) {
      const pair = getPair(item, kind);
      if (pair) return [{ type: kind as string, node: pair.value as YamlNode }];
    }
    const type = getPair(item, 'type');
    return type && stringValue(type.value) ? [{ type: stringValue(type.value)!, node: type.value as YamlNode }] : [];
  });
  for (const { type, node } of typed) {
    if (type !== 'user' && type !== 'team') problems.push(invalidOwner(node, `Entity of type ${type} can't be the owner. Only Team of type Group or a User can own entities.`));
  }
  const teams = typed.filter((o) => o.type === 'team');
  const users = typed.filter((o) => o.type === 'user');
  if (teams.length > 1) {
    for (const team of teams.slice(1)) problems.push(invalidOwner(team.node, 'Only One Team is allowed to own Data Assets: owners are users, or a single team.'));
  } else if (teams.length === 1 && users.length) {
    problems.push(invalidOwner(teams[0].node, 'Data Assets can have up to 5 users or a Team but not both as owners: owners are users, or a single team.'));
  }
  return problems;
}

function invalidOwner(target: YamlNode, message: string): Problem {
  return { target, code: 'invalid-owner', severity: 'error', message };
}

interface WrittenTag {
  ref: Reference;
  entity?: CatalogEntity;
}

function tagProblems(root: MapNode, refs: readonly Reference[], index: CatalogIndex): Problem[] {
  const problems: Problem[] = [];
  // The lists the server checks: the model's, and each feature's (a source's tags are not checked).
  const lists = new Map<YamlNode | undefined, WrittenTag[]>();
  for (const ref of refs) {
    if (ref.kind !== 'tag' || ref.source) continue;
    const entity = found(index.entity('tag', ref.name));
    if (entity?.disabled) problems.push({ target: ref.node, code: 'disabled-tag', severity: 'error', message: `Tag label ${ref.name} is disabled and can't be assigned to a data asset.` });
    const key = ref.feature;
    lists.set(key, [...(lists.get(key) ?? []), { ref, entity }]);
  }
  const server = serverTags(root, index);
  for (const [feature, written] of lists) {
    problems.push(...exclusiveInList(written));
    const kept = feature ? server?.features?.[stringValue(getValue(feature, 'name')) ?? ''] : server?.model;
    if (kept) problems.push(...exclusiveWithServer(written, kept, feature ? 'this feature' : 'the model'));
  }
  return problems;
}

/** Two tags of one mutually exclusive parent in one list (the same tag twice counts too, as upstream's check sees it). */
function exclusiveInList(written: WrittenTag[]): Problem[] {
  const problems: Problem[] = [];
  const byParent = new Map<string, WrittenTag>();
  for (const tag of written) {
    const parent = parentFqn(tag.ref.name);
    if (!parent || !tag.entity) continue;
    const key = fqnKey(parent);
    const first = byParent.get(key);
    if (!first) {
      byParent.set(key, tag);
      continue;
    }
    if (!tag.entity.parentMutuallyExclusive) continue;
    problems.push({
      target: tag.ref.node,
      code: 'exclusive-tags',
      severity: 'error',
      message:
        fqnKey(first.ref.name) === fqnKey(tag.ref.name)
          ? `\`${tag.ref.name}\` is listed twice: tags of \`${parent}\` are mutually exclusive, and OpenMetadata refuses the list.`
          : `Tag labels ${tag.ref.name} and ${first.ref.name} are mutually exclusive and can't be assigned together: \`${parent}\` allows one of its tags per entity.`,
      related: [{ target: first.ref.node, message: `\`${first.ref.name}\` is here.` }],
    });
  }
  return problems;
}

/**
 * A publish (PUT) merges the file's tags into those the server has, and checks the union: a tag
 * of the file that excludes one the server keeps is refused, though the file alone is fine.
 */
function exclusiveWithServer(written: WrittenTag[], kept: string[], where: string): Problem[] {
  const problems: Problem[] = [];
  const listed = new Set(written.map((t) => fqnKey(t.ref.name)));
  for (const tag of written) {
    const parent = parentFqn(tag.ref.name);
    if (!parent || !tag.entity?.parentMutuallyExclusive) continue;
    const clash = kept.find((k) => !listed.has(fqnKey(k)) && parentFqn(k) !== undefined && fqnKey(parentFqn(k)!) === fqnKey(parent));
    if (!clash) continue;
    problems.push({
      target: tag.ref.node,
      code: 'exclusive-tags',
      severity: 'error',
      message: `Tag labels ${tag.ref.name} and ${clash} are mutually exclusive and can't be assigned together: on the server ${where} has \`${clash}\`, which a publish keeps (it merges tags, never removes one). Remove \`${clash}\` in OpenMetadata first, or write it here instead.`,
    });
  }
  return problems;
}

/** The tags the server keeps through a PUT: the model's, and (where the server merges them) each feature's. */
function serverTags(root: MapNode, index: CatalogIndex): { model?: string[]; features?: Record<string, string[]> } | undefined {
  const service = stringValue(getValue(root, 'service'));
  const name = stringValue(getValue(root, 'name'));
  if (!service || !name) return undefined;
  const fqn = modelFqn(service, name, index.quoting);
  const model = fqn ? index.mlModel(fqn) : undefined;
  if (model?.status !== 'found') return undefined;
  return { model: model.value.tags, features: featureTagsMergedOnPut(index.serverVersion) ? model.value.featureTags : undefined };
}

/**
 * Domains: at most one (the default entity rule "Multiple Domains are not allowed", which spares
 * only users, teams, personas, bots and queries; entityRulesSettings.json). Data products: the
 * model must have a domain, and each must belong to it.
 */
function dataProductProblems(root: MapNode, refs: readonly Reference[], index: CatalogIndex): Problem[] {
  const problems: Problem[] = [];
  const domains = refs.filter((r) => r.kind === 'domain');
  if (domains.length > 1) {
    for (const extra of domains.slice(1)) problems.push({ target: extra.node, code: 'invalid-value', severity: 'error', message: 'Multiple Domains are not allowed: OpenMetadata assigns an ML model to one domain.' });
  }
  const products = refs.filter((r) => r.kind === 'dataProduct' && !r.raw);
  if (!products.length) return problems;
  const domain = domains[0]?.name;
  if (!domain) {
    const key = getPair(root, 'dataProducts')!.key;
    return [...problems, { target: key, code: 'data-product-domain', severity: 'error', message: 'Domain cannot be empty when data products are provided: add `domain:` (the domain the data products belong to).' }];
  }
  for (const ref of products) {
    const product = found(index.entity('dataProduct', ref.name));
    if (!product?.domains?.length || product.domains.some((d) => fqnKey(d) === fqnKey(domain))) continue;
    problems.push({
      target: ref.node,
      code: 'data-product-domain',
      severity: 'error',
      message: `Data product \`${ref.name}\` belongs to ${product.domains.map((d) => `\`${d}\``).join(', ')}, not to the model's domain \`${domain}\`: OpenMetadata checks that a data product matches the entity's domain.`,
    });
  }
  return problems;
}

/** A server that refuses a name containing `"` (before 1.6) refuses the model's and its features' and sources'. */
function nameProblems(root: MapNode, index: CatalogIndex): Problem[] {
  if (index.quoting !== 'reject') return [];
  const names: YamlNode[] = [];
  const add = (map: YamlNode | undefined) => {
    const value = map?.kind === 'map' ? getValue(map, 'name') : undefined;
    if (value && stringValue(value)?.includes('"')) names.push(value);
  };
  add(root);
  const features = getValue(root, 'mlFeatures');
  for (const feature of features?.kind === 'seq' ? features.items : []) {
    add(feature);
    const sources = feature.kind === 'map' ? getValue(feature, 'featureSources') : undefined;
    for (const source of sources?.kind === 'seq' ? sources.items : []) add(source);
  }
  return names.map((target) => ({
    target,
    code: 'invalid-value',
    severity: 'error',
    message: `Invalid name ${stringValue(target)}: OpenMetadata ${index.serverVersion} refuses a name containing \`"\` (servers from 1.6 accept it).`,
  }));
}
