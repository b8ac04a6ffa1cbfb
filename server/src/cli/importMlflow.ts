// `mlmodel import-mlflow PATH [-o FILE] [--force]`: an MLflow model's MLmodel file written as an
// *.mlmodel.yaml file to complete (the conversion is server/src/mlflow/convert.ts).

import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { importMlflow } from '../mlflow/convert';
import { EXIT_OK, EXIT_USAGE, UsageError, err, out, readText } from './io';
import { checkOutput, outputOption, writeOutput } from './output';

export const IMPORT_MLFLOW_USAGE = `Usage: mlmodel import-mlflow PATH [-o FILE] [--force]

Writes an *.mlmodel.yaml file from an MLflow model's MLmodel file (PATH is the file or the model's
folder): its name, algorithm (from the flavor), storage, target and features (from the signature),
with a comment on each saying where it came from and a placeholder for each feature's sources.

  -o FILE    where to write it (- for standard output); default: <name>.mlmodel.yaml beside the
             MLmodel file
  --force    replace FILE if it exists (otherwise it is kept, even one created while the command
             runs); replaced atomically. A directory or a dangling symbolic link is refused.

Exit status: 0 written, 2 usage error, an MLmodel file that cannot be read or a FILE not written.`;

export async function importMlflowCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
  });
  if (values.help) {
    out(IMPORT_MLFLOW_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one MLmodel file (or the folder holding it)');
  let file = positionals[0];
  // Like MLflow's Model.load, a model's folder stands for the MLmodel file in it.
  if (isDirectory(file)) file = join(file, 'MLmodel');

  const read = readText(file);
  if ('error' in read) {
    err(`mlmodel import-mlflow: ${file}: cannot read: ${read.error}`);
    return EXIT_USAGE;
  }
  const folder = dirname(resolve(file));
  const result = importMlflow(read.text, { file, folder });
  if (!result.ok) {
    err(`mlmodel import-mlflow: ${file}: ${result.message}`);
    return EXIT_USAGE;
  }

  const output = outputOption(values.output, join(dirname(file), result.fileName));
  checkOutput(output, values.force);
  for (const warning of result.warnings) err(`warning: ${warning}`);
  writeOutput(output, result.text, values.force);
  return EXIT_OK;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // reported when it is read
  }
}
