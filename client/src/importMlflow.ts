// "Import from MLflow…": an MLflow MLmodel file (the one right-clicked in the explorer, or one
// picked) converted by the server (mlmodel/importMlflow) into a *.mlmodel.yaml file, saved where the
// user says and opened, ready for its features' sources to be completed from the catalog.

import { posix } from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Commands } from '../../server/src/shared/commands';
import { ImportMlflowRequest } from '../../server/src/shared/protocol';

const MLMODEL = 'MLmodel';
const MODEL_FILE = /\.mlmodel\.ya?ml$/;

export function registerImportMlflow(client: LanguageClient, output: vscode.LogOutputChannel): vscode.Disposable[] {
  return [vscode.commands.registerCommand(Commands.importMlflow, (arg?: unknown) => importMlflow(client, output, arg))];
}

/** Resolves to the file written, or undefined when nothing was (cancelled, or the file was refused). */
async function importMlflow(client: LanguageClient, output: vscode.LogOutputChannel, arg: unknown): Promise<vscode.Uri | undefined> {
  const source = arg instanceof vscode.Uri && posix.basename(arg.path) === MLMODEL ? arg : await pickMlmodel();
  if (!source) return undefined;
  const label = vscode.workspace.asRelativePath(source);

  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(source));
  } catch (error) {
    return failed(output, `MLModel: cannot read ${label}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const result = await client.sendRequest(ImportMlflowRequest.type, { uri: source.toString(), text, label });
  if (!result.ok) return failed(output, `MLModel: cannot import ${label}: ${result.message}`);

  const target = await vscode.window.showSaveDialog({
    title: `Save the model imported from ${label}`,
    defaultUri: vscode.Uri.joinPath(source, '..', result.fileName),
    filters: { 'MLModel YAML': ['mlmodel.yaml', 'mlmodel.yml'] },
    saveLabel: 'Save Model',
  });
  if (!target) return undefined;
  // Not every save dialog asks before replacing a file (GTK's does not by default): ask here.
  if ((await exists(target)) && !(await confirmReplace(target))) return undefined;

  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.text));
  output.info(`Imported ${label} from MLflow into ${vscode.workspace.asRelativePath(target)}.`);
  for (const warning of result.warnings) output.warn(warning);

  let document = await vscode.workspace.openTextDocument(target);
  // Saved under another name, it is still a model file: validate and complete it as one.
  if (!MODEL_FILE.test(target.path) && document.languageId !== 'mlmodel-yaml') document = await vscode.languages.setTextDocumentLanguage(document, 'mlmodel-yaml');
  await vscode.window.showTextDocument(document);
  void vscode.window.showInformationMessage(
    [`MLModel: imported ${result.name} from MLflow. Uncomment each feature's featureSources and complete them from the catalog.`, ...result.warnings].join(' '),
  );
  return target;
}

async function pickMlmodel(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({ title: 'Import from MLflow: select an MLmodel file', canSelectFiles: true, canSelectFolders: false, canSelectMany: false, openLabel: 'Import' });
  return picked?.[0];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

async function confirmReplace(uri: vscode.Uri): Promise<boolean> {
  const replace = 'Replace';
  const choice = await vscode.window.showWarningMessage(`${vscode.workspace.asRelativePath(uri)} already exists. Replace it with the imported model?`, { modal: true }, replace);
  return choice === replace;
}

function failed(output: vscode.LogOutputChannel, message: string): undefined {
  output.error(message);
  void vscode.window.showErrorMessage(message);
  return undefined;
}
