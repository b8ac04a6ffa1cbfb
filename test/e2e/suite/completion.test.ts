import * as assert from 'node:assert/strict';
import { completionLabels, eventually, openWithCaret } from './helpers';

suite('Completion', () => {
  test('offers the top-level keys of a model', async () => {
    const { editor, caret } = await openWithCaret('complete-keys.mlmodel.yaml', 'name: churn\n|\n');

    const labels = await eventually(async () => {
      const offered = await completionLabels(editor.document.uri, caret);
      for (const key of ['algorithm', 'service', 'mlFeatures', 'mlHyperParameters', 'owners', 'tags']) {
        assert.ok(offered.includes(key), `key ${key} not offered; got ${offered.join(', ')}`);
      }
      return offered;
    });
    assert.ok(!labels.includes('name'), 'a key already in the file was offered again');
    assert.ok(!labels.includes('numerical'), 'an enum value was offered as a key');
  });

  test('offers the enum values of a feature dataType', async () => {
    const text = ['name: churn', 'algorithm: XGBoost', 'mlFeatures:', '  - name: sales', '    dataType: |', ''].join('\n');
    const { editor, caret } = await openWithCaret('complete-enum.mlmodel.yaml', text);

    await eventually(async () => {
      const offered = await completionLabels(editor.document.uri, caret);
      assert.deepEqual(offered.filter((l) => l === 'numerical' || l === 'categorical').sort(), ['categorical', 'numerical'], `got ${offered.join(', ')}`);
      assert.ok(!offered.includes('algorithm'), `a key was offered as a value; got ${offered.join(', ')}`);
    });
  });
});
