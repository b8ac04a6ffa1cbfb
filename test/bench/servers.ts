// The two servers under test and how each is configured for the bench.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Launch, Settings } from './lsp';
import { repoRoot, upstreamRootSchema } from './paths';
import { SERVER_EXEC_ARGV } from '../../server/src/shared/protocol';

export interface ServerUnderTest {
  id: 'ours' | 'theirs';
  label: string;
  languageId: string;
  launch: Launch;
  /** Answered to `workspace/configuration`. */
  configuration: Settings;
  initializationOptions?: unknown;
  /** A notification that follows each validation with the time the server spent on it (`validationMs`). */
  statusNotification?: string;
  /** A delay the server waits before validating that the figures include, in ms. */
  fixedDelayMs: number;
  /** Why the server cannot run, if it cannot. */
  unavailable(): string | undefined;
}

const ourServerJs = join(repoRoot, 'dist', 'server.js');

/**
 * Our server, configured as the extension configures it (`initializationOptions.settings`, see
 * server/src/shared/protocol.ts) with the validation debounce at 0, so edit figures exclude it.
 * `serverUrl` turns the catalog on.
 */
export function ourServer(options: { serverUrl?: string } = {}): ServerUnderTest {
  return {
    id: 'ours',
    label: 'mlmodel-yaml',
    languageId: 'mlmodel-yaml',
    // With the Node options the extension starts it with.
    launch: { command: process.execPath, args: [...SERVER_EXEC_ARGV, ourServerJs, '--stdio'], cwd: repoRoot },
    configuration: {},
    initializationOptions: { settings: { debounceMs: 0, serverUrl: options.serverUrl ?? '' } },
    statusNotification: 'mlmodel/documentStatus',
    fixedDelayMs: 0,
    unavailable: () => (existsSync(ourServerJs) ? undefined : `${ourServerJs} does not exist; run npm run build`),
  };
}

export const ours = ourServer();

const yamlLanguageServer = join(repoRoot, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');

/** yaml-language-server with the upstream CreateMlModel schema (patterns made JavaScript-compatible). */
export const theirs: ServerUnderTest = {
  id: 'theirs',
  label: 'yaml-language-server',
  languageId: 'yaml',
  launch: { command: process.execPath, args: [yamlLanguageServer, '--stdio'], cwd: repoRoot },
  configuration: {
    yaml: {
      validate: true,
      hover: true,
      completion: true,
      format: { enable: false },
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
      schemas: { [pathToFileURL(upstreamRootSchema).href]: '*.mlmodel.yaml' },
    },
    http: { proxy: '', proxyStrictSSL: false },
    '[yaml]': {},
    editor: {},
  },
  // ValidationHandler waits validationDelayMs (200, not configurable) after every open and change.
  fixedDelayMs: 200,
  unavailable: () => (existsSync(yamlLanguageServer) ? undefined : `${yamlLanguageServer} is not installed`),
};
