// The layer rules of eslint.config.mjs bite: each case lints a file, at a path inside the layer,
// whose lines marked ✗ break a rule and whose lines marked ✓ are allowed, and expects an error on
// exactly the ✗ lines. (The files are linted as text: nothing is written into the source tree.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const repo = join(__dirname, '..', '..', '..');
const LAYER_RULES = new Set(['no-restricted-imports', 'no-restricted-syntax']);

const CASES: Array<{ file: string; code: string }> = [
  {
    file: 'server/src/service/lintCase.ts',
    code: `
import { readFileSync } from 'node:fs'; // ✗
import { join } from 'path'; // ✗
import { createConnection } from 'vscode-languageserver/node'; // ✗
import { TextDocuments } from 'vscode-languageserver'; // ✗
import { OpenMetadataClient } from '../openmetadata/client'; // ✗
import type { MlModel } from '../openmetadata/types'; // ✗
import { planPublish } from '../publish/plan'; // ✗
import { startSandbox } from '../sandbox/server'; // ✗
const lazy = require('./suggest'); // ✗
import type { Hover } from 'vscode-languageserver-types'; // ✓
import type { TextDocument } from 'vscode-languageserver-textdocument'; // ✓
import { RequestType } from 'vscode-languageserver-protocol'; // ✓
import { Commands } from '../shared/commands'; // ✓
import { suggest } from './suggest'; // ✓
export const used = [readFileSync, join, createConnection, TextDocuments, OpenMetadataClient, planPublish, startSandbox, lazy, RequestType, Commands, suggest];
export type Used = [MlModel, Hover, TextDocument];
`,
  },
  {
    file: 'client/src/lintCase.ts',
    code: `
import { resolveSettings } from '../../server/src/service/settings'; // ✗
import { lineageChangesOf } from '../../server/src/publish/lineageChanges'; // ✗
import { OpenMetadataClient } from '../../server/src/openmetadata/client'; // ✗
const lazy = require('../../server/src/service/suggest'); // ✗
import { PublishRequest } from '../../server/src/shared/protocol'; // ✓
import { normalizeServerUrl } from '../../server/src/shared/settings'; // ✓
import { targetUri } from './target'; // ✓
export const used = [resolveSettings, lineageChangesOf, OpenMetadataClient, lazy, PublishRequest, normalizeServerUrl, targetUri];
`,
  },
  {
    file: 'client/webview/lintCase.ts',
    code: `
import type { LineageGraph } from '../../server/src/service/lineageGraph'; // ✗
import type { LineageNode } from '../../server/src/shared/lineageGraph'; // ✓
export type Used = [LineageGraph, LineageNode];
`,
  },
  {
    file: 'server/src/sandbox/routes/lintCase.ts',
    code: `
import { planPublish } from '../../publish/plan'; // ✗
import { nextVersion } from '../../openmetadata/versioning'; // ✗
import type { MlModel } from '../../openmetadata/types'; // ✓
import { quoteName } from '../../service/fqn'; // ✓
export const used = [planPublish, nextVersion, quoteName];
export type Used = MlModel;
`,
  },
  {
    file: 'server/src/shared/lintCase.ts',
    code: `
import { quoteName } from '../service/fqn'; // ✗
import { dirname } from 'node:path'; // ✗
import { createConnection } from 'vscode-languageserver/node'; // ✗
import { parse } from 'yaml'; // ✗
const lazy = require('./settings'); // ✗
import { NotificationType } from 'vscode-languageserver-protocol'; // ✓
import type { Range } from 'vscode-languageserver-types'; // ✓
import type { Settings } from './settings'; // ✓
export const used = [quoteName, dirname, createConnection, parse, lazy, NotificationType];
export type Used = [Range, Settings];
`,
  },
];

const marked = (code: string, mark: string) =>
  code
    .split('\n')
    .map((line, i) => (line.endsWith(`// ${mark}`) ? i + 1 : 0))
    .filter((n) => n > 0);

const eslint = new ESLint({ cwd: repo });

for (const { file, code } of CASES) {
  test(`the layer rules for ${file}: an error on each forbidden import, none on the allowed ones`, async () => {
    const [result] = await eslint.lintText(code, { filePath: join(repo, file) });
    const errors = result.messages.filter((m) => m.ruleId && LAYER_RULES.has(m.ruleId));
    assert.deepEqual(
      errors.map((m) => m.line),
      marked(code, '✗'),
      errors.map((m) => `${m.line}: ${m.message}`).join('\n'),
    );
    assert.ok(marked(code, '✓').length > 0);
    // Each message says why, not only that.
    for (const m of errors) assert.match(m.message, /by a pattern\. \w|use an import/, m.message);
  });
}
