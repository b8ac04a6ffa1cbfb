// `mlmodel.diagnostics.severity` lists every diagnostic code as a property of its own (with a
// description and the allowed severities) so the Settings UI and settings.json completion offer
// them. package.json cannot import the DiagnosticCode type the service reports codes with
// (server/src/shared/settings.ts), so this reads the type with the TypeScript compiler and holds
// the manifest, and the README's table of codes, to it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const repo = join(__dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));

/** The string literals of a union type alias exported by a source file, as the compiler resolves it. */
function unionMembers(file: string, alias: string): string[] {
  const program = ts.createProgram([file], { strict: true, noEmit: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  assert.ok(source, `cannot read ${file}`);
  const declaration = source.statements.find((s): s is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(s) && s.name.text === alias);
  assert.ok(declaration, `no type ${alias} in ${file}`);
  const type = checker.getTypeAtLocation(declaration.name);
  const members = type.isUnion() ? type.types : [type];
  return members.map((m) => {
    assert.ok(m.isStringLiteral(), `${alias} has a member that is not a string literal: ${checker.typeToString(m)}`);
    return m.value;
  });
}

const settingsFile = join(repo, 'server', 'src', 'shared', 'settings.ts');
const codes = unionMembers(settingsFile, 'DiagnosticCode');
const severities = unionMembers(settingsFile, 'SeveritySetting');

test('the setting has one property per DiagnosticCode, each with a description and the severities', () => {
  assert.ok(codes.length >= 20 && codes.includes('unknown-table'), `read ${codes.length} codes: ${codes.join(', ')}`);
  assert.deepEqual([...severities].sort(), ['error', 'hint', 'information', 'off', 'warning']);
  const setting = manifest.contributes.configuration.properties['mlmodel.diagnostics.severity'];
  assert.equal(setting.type, 'object');
  const properties = (setting.properties ?? {}) as Record<string, { type?: string; enum?: string[]; markdownDescription?: string }>;
  assert.deepEqual(Object.keys(properties).sort(), [...codes].sort(), 'the codes in package.json are not the DiagnosticCode type');
  for (const [code, property] of Object.entries(properties)) {
    assert.equal(property.type, 'string', code);
    assert.deepEqual(property.enum, severities, `${code}: the severities, in the type's order`);
    assert.ok((property.markdownDescription ?? '').length > 20, `${code} has no description`);
  }
  // A mistyped code in settings.json is flagged rather than silently ignored.
  assert.equal(setting.additionalProperties, false);
});

test("the README's table of diagnostic codes names every code, and no other", () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Diagnostics'), readme.indexOf('\n## ', readme.indexOf('## Diagnostics') + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  const named = rows.flatMap((row) => [...row.split('|')[1].matchAll(/`([a-z-]+)`/g)].map((m) => m[1]));
  assert.deepEqual([...named].sort(), [...codes].sort());
});
