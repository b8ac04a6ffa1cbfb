import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, LANGUAGE_ID, eventually, open, workspaceUri } from './helpers';

suite('Activation', () => {
  test('opening an example activates the extension with the mlmodel-yaml language', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not loaded in the extension host`);

    const editor = await open(workspaceUri('eta_predictions.mlmodel.yaml'));

    assert.equal(editor.document.languageId, LANGUAGE_ID);
    await eventually(() => assert.ok(extension.isActive, `${EXTENSION_ID} did not activate`));
  });
});
