// `mlmodel sandbox`: runs the sandbox catalog in the foreground until Ctrl+C (SIGINT) or SIGTERM.
import { parseArgs } from 'node:util';
import { startSandbox, type Sandbox } from './server';
import { NEWEST_SERVER_VERSION, rulesFor, SERVER_VERSIONS } from './serverVersions';
import type { SeedKind } from './seed';

export const SANDBOX_USAGE = `Usage: mlmodel sandbox [--port 8585] [--host 127.0.0.1] [--seed sample|empty] [--tables N]
                       [--server-version V] [--token T | --token-env NAME]
                       [--bot-token T | --bot-token-env NAME]

Serves an OpenMetadata-compatible catalog, seeded with OpenMetadata's sample data, to try the
extension and the CLI against without deploying OpenMetadata.

  --port N          port to listen on (default 8585; 0 picks a free one)
  --host H          address to listen on (default 127.0.0.1, this machine only)
  --seed KIND       sample: the sample_data.ecommerce_db.shopify tables, sample_superset
                    dashboards, mlflow_svc, users, teams and tags (default);
                    empty: only the admin user, the ingestion bot and the built-in tags
  --tables N        add N generated tables with columns (benchmarks; 100000 works)
  --server-version V
                    the OpenMetadata release to behave as: ${SERVER_VERSIONS.join(', ')}
                    (default ${NEWEST_SERVER_VERSION}; what each changes: server/src/sandbox/README.md)
  --token T         the admin's token: every call must send "Authorization: Bearer T"
                    (or the bot token) when either is set (401 otherwise)
  --token-env NAME  the same, with the token read from environment variable NAME
  --bot-token T     the ingestion bot's token: calls with it act as ingestion-bot, whose
                    PUTs keep descriptions, owners, extension and domains people set
  --bot-token-env NAME
                    the same, with the token read from environment variable NAME`;

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

export interface SandboxCommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Stops the sandbox (the CLI wires it to SIGINT and SIGTERM). */
  signal: AbortSignal;
  env?: NodeJS.ProcessEnv;
}

interface SandboxArgs {
  port: number;
  host: string;
  seed: SeedKind;
  tables: number;
  token?: string;
  botToken?: string;
  serverVersion: string;
}

class UsageProblem extends Error {}

function integer(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value > max) throw new UsageProblem(`--${name} must be a whole number from 0 to ${max}, got "${raw}"`);
  return value;
}

function parse(args: string[], env: NodeJS.ProcessEnv): SandboxArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        seed: { type: 'string' },
        tables: { type: 'string' },
        token: { type: 'string' },
        'token-env': { type: 'string' },
        'bot-token': { type: 'string' },
        'bot-token-env': { type: 'string' },
        'server-version': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageProblem((error as Error).message);
  }
  if (values.help) return 'help';
  const seed = values.seed ?? 'sample';
  if (seed !== 'sample' && seed !== 'empty') throw new UsageProblem(`--seed must be sample or empty, got "${seed}"`);
  const token = tokenOption('token', values.token, values['token-env'], env);
  const botToken = tokenOption('bot-token', values['bot-token'], values['bot-token-env'], env);
  if (token !== undefined && token === botToken) throw new UsageProblem('--token and --bot-token must differ: the token says who is calling');
  const serverVersion = values['server-version'] ?? NEWEST_SERVER_VERSION;
  if (!rulesFor(serverVersion)) throw new UsageProblem(`--server-version must be one of ${SERVER_VERSIONS.join(', ')}, got "${serverVersion}"`);
  return {
    port: integer('port', values.port, 8585, 65535),
    host: values.host ?? '127.0.0.1',
    seed,
    tables: integer('tables', values.tables, 0, 10_000_000),
    token,
    botToken,
    serverVersion,
  };
}

/** `--NAME T` or `--NAME-env VAR`, not both; never empty. */
function tokenOption(name: string, value: string | undefined, envName: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (value !== undefined && envName !== undefined) throw new UsageProblem(`use either --${name} or --${name}-env, not both`);
  let token = value;
  if (envName !== undefined) {
    token = env[envName];
    if (!token) throw new UsageProblem(`environment variable ${envName} is not set`);
  }
  if (token !== undefined && token.trim() === '') throw new UsageProblem(`--${name} must not be empty`);
  return token;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function summary(sandbox: Sandbox, seed: SeedKind): string {
  const { store } = sandbox;
  const counts = [
    count(store.tables.size, 'table'),
    count(store.dashboards.list().length, 'dashboard'),
    count(store.mlmodelServices.list().length, 'ML model service'),
    count(store.users.list().length, 'user'),
  ];
  return `OpenMetadata sandbox catalog at ${sandbox.url} (OpenMetadata ${sandbox.rules.version}; ${counts.join(', ')}; seed: ${seed})`;
}

/** Runs until `io.signal` aborts; the exit code. */
export async function runSandboxCommand(args: string[], io: SandboxCommandIo): Promise<number> {
  let parsed: SandboxArgs | 'help';
  try {
    parsed = parse(args, io.env ?? process.env);
  } catch (error) {
    if (!(error instanceof UsageProblem)) throw error;
    io.stderr(`mlmodel sandbox: ${error.message}\n\n${SANDBOX_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (parsed === 'help') {
    io.stdout(`${SANDBOX_USAGE}\n`);
    return EXIT_OK;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      port: parsed.port,
      host: parsed.host,
      seed: parsed.seed,
      tables: parsed.tables,
      token: parsed.token,
      botToken: parsed.botToken,
      serverVersion: parsed.serverVersion,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'EADDRINUSE'
        ? `port ${parsed.port} is already in use on ${parsed.host}; stop what uses it or pass --port`
        : code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND'
          ? `cannot listen on ${parsed.host}: no such local address`
          : code === 'EACCES'
            ? `not allowed to listen on port ${parsed.port}; use a port above 1023`
            : (error as Error).message;
    io.stderr(`mlmodel sandbox: ${reason}\n`);
    return EXIT_FAILED;
  }
  io.stdout(`${summary(sandbox, parsed.seed)}\n`);
  const auth = parsed.token || parsed.botToken ? ', the token in OPENMETADATA_TOKEN' : '; no token needed';
  io.stdout(`Point the CLI (--server ${sandbox.url}) or VS Code (mlmodel.server.url) at it${auth}. Ctrl+C stops it.\n`);
  if (!io.signal.aborted) await new Promise<void>((resolve) => io.signal.addEventListener('abort', () => resolve(), { once: true }));
  await sandbox.close();
  io.stdout('Sandbox stopped.\n');
  return EXIT_OK;
}

/** The `mlmodel sandbox` command: stops on SIGINT or SIGTERM. */
export async function sandboxCommand(args: string[]): Promise<number> {
  const stop = new AbortController();
  const onSignal = (): void => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await runSandboxCommand(args, {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      signal: stop.signal,
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
