// `mlmodel/importMlflow` over the protocol, from the built server, as the editor command sends it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { MlflowImportResult } from '../../server/src/shared/mlflow';
import { ImportMlflowRequest } from '../../server/src/shared/protocol';
import { initialize, startServer } from '../helpers/lspClient';
import { SKLEARN } from './mlmodels';

test('mlmodel/importMlflow: the converted text named after the model, its folder from the URI; a malformed file is refused', async () => {
  const client = await startServer();
  try {
    await initialize(client);
    const folder = join('/tmp', 'runs', 'model');
    const uri = pathToFileURL(join(folder, 'MLmodel')).toString();
    const result = (await client.connection.sendRequest(ImportMlflowRequest.method, { uri, text: SKLEARN, label: 'runs/model/MLmodel' })) as MlflowImportResult;
    assert.ok(result.ok);
    assert.equal(result.fileName, 'churn_classifier.mlmodel.yaml');
    assert.match(result.text, /^# Imported from the MLflow model runs\/model\/MLmodel by/);
    assert.match(result.text, /^ {2}storage: runs:\/8ede7df408dd42ed9fc39019ef7df309\/model$/m);

    // Saved rather than logged: the folder named by the URI is the storage.
    const saved = (await client.connection.sendRequest(ImportMlflowRequest.method, { uri, text: 'flavors:\n  sklearn: {}\n' })) as MlflowImportResult;
    assert.ok(saved.ok);
    assert.match(saved.text, new RegExp(`^ {2}storage: ${folder.replaceAll('/', '\\/')}$`, 'm'));
    assert.match(saved.text, /^name: model$/m);

    const refused = (await client.connection.sendRequest(ImportMlflowRequest.method, { uri, text: 'flavors: [' })) as MlflowImportResult;
    assert.deepEqual(Object.keys(refused), ['ok', 'message']);
    assert.ok(!refused.ok && refused.message.startsWith('not valid YAML: '), JSON.stringify(refused));
  } finally {
    await client.close();
  }
});
