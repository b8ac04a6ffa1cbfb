// The catalog references a model file makes, with the nodes that write them: checks, hover and
// document links all start from this one walk.

import type { MapNode, ScalarNode, YamlNode } from './yaml/ast';
import { getValue, stringValue } from './yaml/query';

export type ReferenceKind = 'service' | 'dashboard' | 'table' | 'column' | 'user' | 'team' | 'tag';

export interface Reference {
  kind: ReferenceKind;
  /** The FQN (or name) as written. */
  name: string;
  node: ScalarNode;
  /** Columns: the `dataSource` of the same source, if written as an FQN. */
  table?: string;
  /** Tables and columns: the feature source mapping. */
  source?: MapNode;
  /** Everything inside a feature: the feature mapping. */
  feature?: MapNode;
}

export function referencesIn(root: YamlNode | null): Reference[] {
  if (!root || root.kind !== 'map') return [];
  const refs: Reference[] = [];
  const add = (kind: ReferenceKind, node: YamlNode | undefined, extra: Partial<Reference> = {}) => {
    const name = stringValue(node);
    if (name) refs.push({ kind, name, node: node as ScalarNode, ...extra });
  };
  const tags = (list: YamlNode | undefined, extra: Partial<Reference> = {}) => {
    if (list?.kind === 'seq') for (const item of list.items) add('tag', item, extra);
  };
  add('service', getValue(root, 'service'));
  add('dashboard', getValue(root, 'dashboard'));
  const features = getValue(root, 'mlFeatures');
  if (features?.kind === 'seq') {
    for (const feature of features.items) {
      if (feature.kind !== 'map') continue;
      const sources = getValue(feature, 'featureSources');
      if (sources?.kind === 'seq') {
        for (const source of sources.items) {
          if (source.kind !== 'map') continue;
          const table = stringValue(getValue(source, 'dataSource'));
          add('table', getValue(source, 'dataSource'), { source, feature });
          add('column', getValue(source, 'name'), { source, feature, table });
          tags(getValue(source, 'tags'), { source, feature });
        }
      }
      tags(getValue(feature, 'tags'), { feature });
    }
  }
  const owners = getValue(root, 'owners');
  if (owners?.kind === 'seq') {
    for (const owner of owners.items) {
      add('user', getValue(owner, 'user'));
      add('team', getValue(owner, 'team'));
    }
  }
  tags(getValue(root, 'tags'));
  return refs;
}

/** The reference whose value contains `offset`, if any. */
export function referenceAt(root: YamlNode | null, offset: number): Reference | undefined {
  return referencesIn(root).find((r) => r.node.start <= offset && offset <= r.node.end);
}
