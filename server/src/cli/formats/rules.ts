// What each diagnostic code means, for the CI formats (SARIF's rules, their help). The one place
// these words live is the extension's manifest, where the severity setting describes every code
// (test/unit/severity-setting.test.ts holds it to the DiagnosticCode type and the README): the
// CLI bundle takes them from there at build time rather than keep a second copy.

import type { DiagnosticCode, Severity } from '../../shared/settings';

interface Manifest {
  repository: { url: string };
  contributes: { configuration: { properties: Record<string, { properties?: Record<string, { markdownDescription: string }> }> } };
}

// A require, not an import: esbuild bundles it into dist/cli.js all the same, and tsc does not copy
// package.json into out/, where a second package.json named mlmodel-yaml would pass for the
// repository's root (test/bench/paths.ts looks for it). Only the bundle reads this module.
const { contributes, repository } = require('../../../../package.json') as Manifest;

export interface Rule {
  code: DiagnosticCode;
  /** The description as Markdown (backticks, setting names). */
  markdown: string;
  /** The same in plain text. */
  text: string;
  /** The severity it has unless `mlmodel.diagnostics.severity` says otherwise. */
  severity: Severity;
}

const described = contributes.configuration.properties['mlmodel.diagnostics.severity'].properties as Record<DiagnosticCode, { markdownDescription: string }>;

/** Where the codes are documented, for a reader of the CI output. */
export const RULES_URL = `${repository.url.replace(/\.git$/, '')}#diagnostics`;

export const RULES: readonly Rule[] = Object.entries(described).map(([code, { markdownDescription }]) => {
  const defaulted = /\s*Default: `(error|warning|information|hint)`\.$/.exec(markdownDescription);
  if (!defaulted) throw new Error(`package.json: the description of ${code} does not end with its default severity`);
  const markdown = markdownDescription.slice(0, defaulted.index).replace(/`#([\w.]+)#`/g, '`$1`');
  return { code: code as DiagnosticCode, markdown, text: markdown.replace(/`/g, ''), severity: defaulted[1] as Severity };
});
