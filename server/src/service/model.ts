// The authored model as plain data, read from the tree: what the file says, before references are
// resolved. Hyperparameter values keep the text they were written with (`1.0` stays "1.0").

import type { YamlNode } from './yaml/ast';
import { getValue } from './yaml/query';
import { toJS } from './yaml/values';
import type { ModelDocument } from './document';

/** A raw `{id, type}` entity reference, as in files pulled from a server. */
export interface RawReference {
  id: string;
  type: string;
  name?: string;
  fullyQualifiedName?: string;
}
export type AuthoredReference = string | RawReference;
export type AuthoredTag = string | { tagFQN: string; source?: string; labelType?: string; state?: string };
export type AuthoredOwner = { user: string } | { team: string } | RawReference;

export interface AuthoredSource {
  name?: string;
  dataType?: string;
  description?: string;
  dataSource?: AuthoredReference;
  tags?: AuthoredTag[];
}

export interface AuthoredFeature {
  name?: string;
  dataType?: string;
  description?: string;
  featureAlgorithm?: string;
  featureSources?: AuthoredSource[];
  tags?: AuthoredTag[];
}

export interface AuthoredModel {
  name?: string;
  displayName?: string;
  description?: string;
  algorithm?: string;
  service?: AuthoredReference;
  target?: string;
  server?: string;
  dashboard?: AuthoredReference;
  sourceUrl?: string;
  mlStore?: { storage?: string; imageRepository?: string };
  mlHyperParameters?: Array<{ name?: string; value?: string; description?: string }>;
  mlFeatures?: AuthoredFeature[];
  owners?: AuthoredOwner[];
  tags?: AuthoredTag[];
  /** One domain: sent as `domain` to a server before 1.9, as `domains: [it]` from 1.9. */
  domain?: string;
  /** Several domains (OpenMetadata 1.9 and later); one of them may be sent to an older server. */
  domains?: string[];
  dataProducts?: string[];
  extension?: Record<string, unknown>;
  lifeCycle?: Record<string, unknown>;
  sourceHash?: string;
}

/** The model the document describes; meaningful once the document validates. */
export function readModel(doc: ModelDocument): AuthoredModel {
  const root = doc.yaml.root;
  if (!root || root.kind !== 'map') return {};
  const model = toJS(root) as AuthoredModel;
  const hyper = getValue(root, 'mlHyperParameters');
  if (hyper?.kind === 'seq' && Array.isArray(model.mlHyperParameters)) {
    hyper.items.forEach((item, i) => {
      const value = getValue(item, 'value');
      const target = model.mlHyperParameters![i];
      if (value && target && typeof target === 'object') target.value = scalarText(value);
    });
  }
  return model;
}

function scalarText(node: YamlNode): string | undefined {
  if (node.kind !== 'scalar' || node.value === null) return undefined;
  return node.source ?? String(node.value);
}
