// Model texts for tests and benchmarks, in the upstream shape: every feature with 1-3 sources,
// hyperparameters, tags.

const SOURCE_TYPES = ['integer', 'number', 'string', 'array', 'date', 'timestamp', 'object', 'boolean'];

export function generateModel(features: number, options: { seed?: number } = {}): string {
  const seed = options.seed ?? 1;
  const lines: string[] = [
    `name: generated_model_${features}`,
    'displayName: Generated model',
    'algorithm: Neural Network',
    'service: mlflow_svc',
    'description: |',
    '  A generated model used by tests and benchmarks.',
    '  It has many features.',
    'target: ETA_time',
    'server: http://my-server.ai/predict',
    'dashboard: sample_superset.eta_predictions_performance',
    'mlStore:',
    '  storage: s3://models/generated/model.pkl',
    '  imageRepository: registry.example.com/generated:1.0',
    'mlHyperParameters:',
  ];
  for (let i = 0; i < 10; i++) {
    lines.push(`  - name: param_${i}`, `    value: ${i % 3 === 0 ? `"${i * 0.5}"` : i * 0.25}`, `    description: Hyperparameter number ${i}`);
  }
  lines.push('mlFeatures:');
  for (let i = 0; i < features; i++) {
    const k = (i * 7 + seed) % 97;
    lines.push(
      `  - name: feature_${i}`,
      `    dataType: ${k % 2 ? 'numerical' : 'categorical'}`,
      `    description: Feature ${i}, computed from ${1 + (k % 3)} columns of the warehouse tables`,
    );
    if (k % 4 === 0) lines.push('    featureAlgorithm: PCA');
    lines.push('    featureSources:');
    for (let j = 0; j <= k % 3; j++) {
      lines.push(
        `      - name: column_${(i + j) % 50}`,
        `        dataType: ${SOURCE_TYPES[(k + j) % SOURCE_TYPES.length]}`,
        `        dataSource: sample_data.ecommerce_db.shopify.table_${(i * 3 + j) % 200}`,
      );
    }
    if (k % 5 === 0) lines.push('    tags:', '      - PII.Sensitive');
  }
  lines.push('owners:', '  - user: aaron_johnson0', '  - team: Data Science', 'tags:', '  - Tier.Tier1', '');
  return lines.join('\n');
}
