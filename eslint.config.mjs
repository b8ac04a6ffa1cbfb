// `npm run lint`. Its point is the layer rules (LAYERS below): which part of the code may import
// which. They hold what the README's "For contributors" section says; test/lint/layers.test.ts
// lints a file that breaks each one and expects each error. The rest is the recommended rules.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Node's built-in modules, with or without `node:`. */
const NODE_BUILTINS = { regex: '^(node:.*|fs|path|url|os|crypto|http|https|net|child_process|util|vm|module|stream|zlib|worker_threads)(/.*)?$', message: 'the language service is pure: no Node APIs (files, network, processes) here; do I/O at the edge (handlers, CLI) and pass the result in' };

export const LAYERS = {
  service: {
    files: ['server/src/service/**/*.ts'],
    patterns: [
      NODE_BUILTINS,
      { regex: '^vscode-languageserver(/.*)?$', message: 'the language service returns LSP types (vscode-languageserver-types); the connection belongs to server/src/handlers' },
      { regex: '(^|/)openmetadata(/|$)', message: 'the language service sees the catalog through the Catalog interface (service/catalog.ts), never the REST client' },
      { regex: '(^|/)publish(/|$)', message: 'publishing is an edge around the service, not part of it' },
      { regex: '(^|/)sandbox(/|$)', message: 'the sandbox is a stand-in for OpenMetadata, not part of the service' },
    ],
  },
  client: {
    files: ['client/**/*.ts'],
    patterns: [{ regex: '(^|/)server/src/(?!shared/)', message: 'the extension imports only server/src/shared from the server side (the protocol, settings, command ids, wording)' }],
  },
  sandbox: {
    files: ['server/src/sandbox/**/*.ts'],
    patterns: [
      { regex: '(^|/)publish(/|$)', message: 'the sandbox implements upstream rules on its own: importing the product planner would make it agree with us whatever upstream does' },
      { regex: '(^|/)openmetadata/versioning$', message: 'the sandbox implements upstream version rules on its own: importing the product version logic would make it agree with us whatever upstream does' },
    ],
  },
  shared: {
    files: ['server/src/shared/**/*.ts'],
    patterns: [{ regex: '^(?!\\./|vscode-languageserver-(protocol|types)$)', message: 'server/src/shared is bundled into the extension: it imports only its own files and the LSP protocol and types packages' }],
  },
};

/** `require()` would slip past the import rules. */
const NO_REQUIRE = { selector: "CallExpression[callee.name='require']", message: 'use an import: the layer rules check imports, not require()' };

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.cache/**', 'server/src/service/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs'],
    rules: {
      // Names starting with _ are deliberately unused (a destructured field left out).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      // `namespace X { method, type }` is the protocol's shape (vscode-eslint's style).
      '@typescript-eslint/no-namespace': 'off',
      // The server loads publishing and the REST client lazily, with require().
      '@typescript-eslint/no-require-imports': 'off',
      // Deliberate: names, file names and FQNs are cleaned of control characters.
      'no-control-regex': 'off',
    },
  },
  // Tests and scripts read JSON of whatever shape the server or a fixture has.
  { files: ['test/**/*.ts', 'server/scripts/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    // Node scripts (build, e2e runner); ui-smoke's page.evaluate callbacks run in the browser.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: Object.fromEntries(
        ['process', 'console', 'URL', 'URLSearchParams', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'fetch', 'AbortController', 'AbortSignal', 'Buffer', 'document', 'getComputedStyle'].map((name) => [name, 'readonly']),
      ),
    },
  },
  ...Object.values(LAYERS).map(({ files, patterns }) => ({ files, rules: { 'no-restricted-imports': ['error', { patterns }] } })),
  ...[LAYERS.service, LAYERS.shared, LAYERS.client].map(({ files }) => ({ files, rules: { 'no-restricted-syntax': ['error', NO_REQUIRE] } })),
);
