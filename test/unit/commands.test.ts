// Command ids live in server/src/shared/commands.ts. package.json cannot import it, so this holds
// the manifest (commands, menus, walkthrough links) and the sources to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../server/src/shared/commands';

const repo = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const known = new Set<string>(Object.values(Commands));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : name.endsWith('.ts') ? [path] : [];
  });
}

test('every command package.json declares, shows in a menu or links from the walkthrough is one of Commands', () => {
  const declared: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
  const inMenus: string[] = Object.values(manifest.contributes.menus as Record<string, Array<{ command: string }>>).flatMap((items) => items.map((i) => i.command));
  const walkthrough = JSON.stringify(manifest.contributes.walkthroughs);
  const linked = [...walkthrough.matchAll(/(?:command:|onCommand:)(mlmodel\.[A-Za-z]+)/g)].map((m) => m[1]);
  assert.ok(linked.length >= 5, 'the walkthrough links its commands');
  for (const id of [...declared, ...inMenus, ...linked]) assert.ok(known.has(id), `${id} is not in server/src/shared/commands.ts`);
  // Every command a user can run is declared (the test-only state and press commands are not).
  const testOnly = new Set<string>([Commands.lineageViewState, Commands.lineageViewPress, Commands.connectionState]);
  assert.deepEqual([...known].filter((id) => !testOnly.has(id)).sort(), [...declared].sort());
});

test('the extension registers every command, by its id in Commands; no source spells an id out', () => {
  const registered = new Set<string>();
  const spelled: string[] = [];
  for (const file of [...sources(join(repo, 'client')), ...sources(join(repo, 'server', 'src'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/registerCommand\(Commands\.(\w+)/g)) registered.add(Commands[m[1] as keyof typeof Commands]);
    if (file.endsWith(join('shared', 'commands.ts'))) continue;
    for (const m of text.matchAll(/['"](mlmodel\.[A-Za-z]+)['"]/g)) if (known.has(m[1])) spelled.push(`${file}: ${m[1]}`);
  }
  assert.deepEqual([...registered].sort(), [...known].sort());
  assert.deepEqual(spelled, []);
});
