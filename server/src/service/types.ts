// Types shared by the language service's features.

import type { DiagnosticCode, Severity } from '../shared/settings';
import type { YamlNode } from './yaml/ast';

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
  /** A value left empty: not reported while it is still being written (see `Editing`). */
  emptyValue?: boolean;
}

/**
 * Where the user is writing, as offsets: from the line being typed on to the end of the text just
 * inserted (a snippet whose placeholders are still to be filled, a `key: ` just completed). A value
 * left empty there is not reported until the user has moved on.
 */
export interface Editing {
  start: number;
  end: number;
}
