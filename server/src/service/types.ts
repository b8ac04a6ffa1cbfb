// Types shared by the language service's features.

import type { PairNode, YamlNode } from './yaml/ast';

/** Stable codes of the service's diagnostics: documented in the README, used to configure severity. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-warning'
  | 'duplicate-key'
  | 'too-large'
  | 'alias-expansion'
  | 'not-a-model'
  | 'empty-file'
  | 'invalid-character'
  | 'missing-field'
  | 'unknown-field'
  | 'invalid-value'
  | 'wrong-type'
  | 'duplicate-name'
  | 'unknown-service'
  | 'unknown-dashboard'
  | 'unknown-table'
  | 'unknown-column'
  | 'unknown-user'
  | 'unknown-team'
  | 'unknown-tag'
  | 'datatype-mismatch'
  | 'sensitive-data'
  | 'catalog-unavailable';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/**
 * Something to underline: a node, a key, or a range. Offsets are read when the diagnostic is made,
 * so a target must read them live from its node (problems are cached while edits move nodes).
 */
export interface Target {
  readonly start: number;
  readonly end: number;
}

/** What a quick fix needs to repair a problem. */
export type Fix =
  | { kind: 'replace'; with: string[] }
  | { kind: 'add-fields'; map: YamlNode; fields: string[] };

export interface Problem {
  target: Target;
  message: string;
  code: DiagnosticCode;
  severity: Severity;
  related?: Array<{ target: Target; message: string }>;
  fix?: Fix;
}

export type Container = YamlNode | PairNode;
