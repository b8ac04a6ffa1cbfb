// Writes the bench's models to a folder, to look at or to open in an editor.
// Run: node test/bench/run.mjs write-models [folder]   (default out/bench/models)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchModels } from './generate';
import { repoRoot } from './paths';

const folder = resolve(process.argv[2] ?? join(repoRoot, 'out', 'bench', 'models'));
mkdirSync(folder, { recursive: true });
const { sized, withMistakes } = benchModels();
for (const model of [...sized, withMistakes]) {
  writeFileSync(join(folder, `${model.name}.mlmodel.yaml`), model.text);
  console.log(`${model.name}.mlmodel.yaml  ${model.features} features  ${model.text.length} bytes  ${model.mistakes.length} mistakes`);
}
writeFileSync(join(folder, `${withMistakes.name}.mistakes.json`), JSON.stringify(withMistakes.mistakes, null, 2) + '\n');
