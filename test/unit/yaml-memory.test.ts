// Memory that outlives an edit. A reparsed node keeps its strings; if they were views into the text
// of the edit that made them (as V8's substrings are), every keystroke would keep a whole copy of
// the document alive. Measured in a child process with --expose-gc: heap after 40 edits of a
// 5,000-feature model, against the heap before them. Not a timing: the figures are deterministic
// to a few MB, and the leak this pins was ~90 MB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

const child = `
const { generateModel } = require(${JSON.stringify(require.resolve('../helpers/models'))});
const { createLanguageService } = require(${JSON.stringify(require.resolve('../../server/src/service/languageService'))});
const { TextDocument } = require('vscode-languageserver-textdocument');
const service = createLanguageService();
let text = generateModel(5000);
let model = service.parse(text);
service.validate(TextDocument.create('file:///m.mlmodel.yaml', 'mlmodel-yaml', 1, text), model);
global.gc();
const before = process.memoryUsage().heapUsed;
let incremental = 0;
for (let v = 2; v < 42; v++) {
  // A character typed into a description, at spread places.
  let at = 0;
  for (let k = 0; k < ((v * 7919) % 4999) + 1; k++) at = text.indexOf('description: ', at + 1);
  at += 'description: '.length;
  text = text.slice(0, at) + 'x' + text.slice(at);
  const next = service.update(model, text, { offset: at, removed: 0, text: 'x' });
  if (next) incremental++;
  model = next ?? service.parse(text);
  service.validate(TextDocument.create('file:///m.mlmodel.yaml', 'mlmodel-yaml', v, text), model);
}
global.gc();
global.gc();
console.log(JSON.stringify({ growthMB: (process.memoryUsage().heapUsed - before) / 1048576, incremental, textMB: text.length / 1048576 }));
`;

test('edits do not keep old versions of the text alive', () => {
  const run = spawnSync(process.execPath, ['--expose-gc', '-e', child], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const { growthMB, incremental, textMB } = JSON.parse(run.stdout) as { growthMB: number; incremental: number; textMB: number };
  assert.equal(incremental, 40, 'every edit took the incremental path');
  // One old version may stay (the nodes of the first full parse share it); forty would be ~40 × textMB.
  assert.ok(growthMB < 4 * textMB, `heap grew ${growthMB.toFixed(1)} MB over 40 edits of a ${textMB.toFixed(1)} MB text`);
});
