// Model texts for tests and benchmarks: the examples, the small models many tests share, and
// generated ones in the upstream shape (every feature with 1-3 sources, hyperparameters, tags).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli';

export const SHOPIFY = 'sample_data.ecommerce_db.shopify';

/** examples/eta_predictions.mlmodel.yaml: OpenMetadata's sample model, sources fact_sale and raw_customer. */
export const ETA_PREDICTIONS = readFileSync(join(REPO, 'examples', 'eta_predictions.mlmodel.yaml'), 'utf8');

/** `mlflow_svc.churn` with one feature over one source per table: `f0` ← `c0` of the first table, and so on. */
export function churnModel(tables: string[]): string {
  return `name: churn\nalgorithm: XGBoost\nservice: mlflow_svc\nmlFeatures:\n${tables.map((t, i) => `  - name: f${i}\n    featureSources:\n      - name: c${i}\n        dataSource: ${SHOPIFY}.${t}\n`).join('')}`;
}

/** `mlflow_svc.churn` with one feature `spend` over these sources: `[column, table]`, the table in SHOPIFY ('' for none yet). */
export function churnSpend(...sources: Array<[column: string, table: string]>): string {
  const lines = ['name: churn', 'algorithm: XGBoost', 'service: mlflow_svc', 'mlFeatures:', '  - name: spend', '    featureSources:'];
  for (const [column, table] of sources) lines.push(`      - name: ${column}`, `        dataSource: ${table && `${SHOPIFY}.${table}`}`);
  return [...lines, ''].join('\n');
}

/** A misspelt column (`gros_sales` of fact_sale) and a source that names no table yet: catalog answers to wait for. */
export const CHURN_TYPO = churnSpend(['gros_sales', 'fact_sale'], ['x', '']);

/** `text` written to a new temporary directory as `name`; its path. */
export function tempModelFile(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'mlmodel-test-')), name);
  writeFileSync(file, text);
  return file;
}

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
