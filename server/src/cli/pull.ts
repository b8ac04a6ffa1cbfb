// `mlmodel pull FQN --server URL [-o FILE]`: an existing model written as *.mlmodel.yaml. Publishing
// the pulled file unchanged changes nothing on the server.

import { parseArgs } from 'node:util';
import { authoredFromEntity, modelYaml } from '../publish/authored';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, SERVER_REQUIRED, clientFrom } from './connect';
import { EXIT_OK, EXIT_USAGE, UsageError, err, out } from './io';
import { checkOutput, outputOption, writeOutput } from './output';

export const PULL_USAGE = `Usage: mlmodel pull FQN --server URL [-o FILE] [--force]

Writes the ML model FQN (service.model, e.g. mlflow_svc.eta_predictions) as an *.mlmodel.yaml
file, to standard output or to FILE (- for standard output). FILE is created when the model has
been read; one that exists, or appears meanwhile, is kept unless --force, which replaces it
atomically. A directory or a dangling symbolic link as FILE is refused.
${CONNECTION_USAGE}
Exit status: 0 written, 2 usage error, no such model, unusable server or a FILE not written.`;

export async function pullCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' }, ...CONNECTION_OPTIONS },
    allowPositionals: true,
  });
  if (values.help) {
    out(PULL_USAGE);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('name exactly one model FQN');
  const client = clientFrom(values, err);
  if (!client) throw new UsageError(SERVER_REQUIRED);
  const [fqn] = positionals;
  const output = outputOption(values.output, undefined);
  checkOutput(output, values.force);
  // A server that cannot be used (not OpenMetadata's, the token refused) is said as such, rather
  // than as a model not found: its one-line message and exit status 2, from main.
  await client.whoAmI();
  const model = await client.getMlModelByName(fqn);
  if (!model) {
    err(`mlmodel pull: ML model ${fqn} not found on ${client.uiBaseUrl}`);
    return EXIT_USAGE;
  }
  const text = modelYaml(authoredFromEntity(model), `Pulled from ${client.uiBaseUrl}: ${model.fullyQualifiedName}, version ${model.version}.`);
  writeOutput(output, text, values.force);
  return EXIT_OK;
}
