// The `mlmodel` command: one subcommand per file in this folder.

import { EXIT_OK, EXIT_USAGE, UsageError, err, out, quietWhenOutputCloses } from './io';
import { validateCommand, VALIDATE_USAGE } from './validate';
import { diffCommand, DIFF_USAGE, publishCommand, PUBLISH_USAGE } from './publish';
import { pullCommand, PULL_USAGE } from './pull';
import { importMlflowCommand, IMPORT_MLFLOW_USAGE } from './importMlflow';
import { sandboxCommand, SANDBOX_USAGE } from '../sandbox/cli';

import { version } from './version';

const USAGE = `Usage: mlmodel <command> [options]

Commands:
  validate [--server URL] [--format text|json] FILES...
                                  check *.mlmodel.yaml files (exit 0 clean, 1 errors, 2 usage)
  publish FILE... --server URL [--dry-run] [--format text|json]
                                  publish models and their lineage to OpenMetadata
  diff FILE --server URL          what publish would change, and the resulting version
                                  (exit 0 nothing, 3 changes pending, 1 invalid file, 2 usage)
  pull FQN --server URL [-o FILE] write an existing model as *.mlmodel.yaml
  import-mlflow PATH [-o FILE] [--force]
                                  write an MLflow model's MLmodel file as *.mlmodel.yaml
  sandbox [--port 8585] [--seed sample|empty] [--tables N] [--token T]
                                  run a local OpenMetadata-compatible catalog to try things against

The token comes from OPENMETADATA_TOKEN (or the variable named by --token-env), never an argument.

Run \`mlmodel <command> --help\` for a command's options.`;

type Command = (args: string[]) => Promise<number>;

const commands: Record<string, { run: Command; usage: string }> = {
  validate: { run: validateCommand, usage: VALIDATE_USAGE },
  publish: { run: publishCommand, usage: PUBLISH_USAGE },
  diff: { run: diffCommand, usage: DIFF_USAGE },
  pull: { run: pullCommand, usage: PULL_USAGE },
  'import-mlflow': { run: importMlflowCommand, usage: IMPORT_MLFLOW_USAGE },
  sandbox: { run: sandboxCommand, usage: SANDBOX_USAGE },
};

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out(USAGE);
    return name ? EXIT_OK : EXIT_USAGE;
  }
  if (name === '--version' || name === '-v') {
    out(version);
    return EXIT_OK;
  }
  const command = commands[name];
  if (!command) {
    err(`mlmodel: unknown command ${name}\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run(args);
  } catch (e) {
    // A usage mistake or an option the parser rejects: say what is wrong, never a stack trace.
    const message = e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (e as Error).message : undefined;
    if (message !== undefined) {
      err(`mlmodel ${name}: ${message}\n\n${command.usage}`);
      return EXIT_USAGE;
    }
    err(`mlmodel ${name}: ${e instanceof Error ? e.message : String(e)}`);
    return EXIT_USAGE;
  }
}

quietWhenOutputCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    err(`mlmodel: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = EXIT_USAGE;
  },
);
