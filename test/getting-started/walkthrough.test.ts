// The walkthrough's example against the sandbox's sample data: the walkthrough promises exactly one
// mistake, that its quick fix makes the file clean, and a manifest whose steps all point at
// commands and media the extension really has.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { startSandbox, type Sandbox } from '../../server/src/sandbox/server';
import { OpenMetadataClient } from '../../server/src/openmetadata/client';
import { CatalogIndex } from '../../server/src/service/catalogIndex';
import { createLanguageService } from '../../server/src/service/languageService';
import { resolveSettings } from '../../server/src/shared/settings';
import { load } from '../helpers/fixtures';
import { REPO } from '../helpers/cli';

const EXAMPLE = join(REPO, 'client', 'media', 'walkthrough', 'example.mlmodel.yaml');
const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox();
});
after(() => sandbox.close());

async function service() {
  const index = new CatalogIndex(new OpenMetadataClient({ baseUrl: sandbox.url }));
  await index.start();
  const s = createLanguageService(resolveSettings({}));
  s.setCatalog(index);
  return { s, index };
}

/** Validate, let the catalog index fetch what that asked for, validate again. */
async function diagnosticsOf(text: string) {
  const { s, index } = await service();
  const l = load(text, s);
  s.validate(l.document, l.model);
  await index.settled();
  return { l, diagnostics: s.validate(l.document, l.model) };
}

test('the example has one mistake, on `categoricl`, and its quick fix leaves the file clean', async () => {
  const text = readFileSync(EXAMPLE, 'utf8');
  const { l, diagnostics } = await diagnosticsOf(text);
  assert.deepEqual(
    diagnostics.map((d) => [d.range.start.line, text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), d.code]),
    [[18, 'categoricl', 'invalid-value']],
  );
  const fixes = l.service.codeActions(l.document, l.model, diagnostics);
  assert.equal(fixes[0]?.title, 'Change to `categorical`');
  const edits = fixes[0].edit?.changes?.[l.document.uri] ?? [];
  const fixed = TextDocument.applyEdits(l.document, edits);
  assert.match(fixed, /dataType: categorical\n/);
  assert.deepEqual((await diagnosticsOf(fixed)).diagnostics, []);
});

test('every walkthrough step names a contributed command and media that ship', () => {
  const contributed = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const [walkthrough] = manifest.contributes.walkthroughs;
  const ignore = readFileSync(join(REPO, '.vscodeignore'), 'utf8');
  for (const step of walkthrough.steps) {
    for (const [, command] of String(step.description).matchAll(/\(command:([\w.]+)\)/g)) {
      if (!command.startsWith('workbench.')) assert.ok(contributed.has(command), `${step.id}: ${command} is not contributed`);
    }
    const media = step.media.markdown ?? step.media.image;
    assert.ok(existsSync(join(REPO, media)), `${step.id}: ${media} missing`);
    assert.match(ignore, /!client\/media\/walkthrough\/\*\*/, 'walkthrough media must ship in the .vsix');
  }
  assert.ok(existsSync(join(REPO, manifest.icon)));
});
