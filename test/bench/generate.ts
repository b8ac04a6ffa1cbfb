// Generated models in the upstream shape (CreateMlModel): every feature with 1-3 sources whose
// `dataSource` is an `{id, type: table}` reference, TagLabel tags on about half of the features,
// hyperparameters. Deterministic: the same size and seed give the same bytes. The text is valid
// for both the upstream schema and ours; `mistakes` plants errors that both must report, each on
// a known line.
import { int, pick, rng } from '../helpers/random';

export interface Mistake {
  /** 0-based line the diagnostic must start on. */
  line: number;
  kind: MistakeKind;
  /** What was planted, for messages. */
  text: string;
}

export type MistakeKind = 'feature-enum' | 'source-enum' | 'feature-unknown-key' | 'source-unknown-key';
const MISTAKE_KINDS: readonly MistakeKind[] = ['feature-enum', 'source-enum', 'feature-unknown-key', 'source-unknown-key'];

export interface GeneratedModel {
  name: string;
  features: number;
  text: string;
  mistakes: Mistake[];
}

export interface GenerateOptions {
  seed?: number;
  /** Plant this many mistakes in distinct features spread over the file. */
  mistakes?: number;
}

const SOURCE_TYPES = ['integer', 'number', 'string', 'array', 'date', 'timestamp', 'object', 'boolean'] as const;
const WRONG_FEATURE_TYPES = ['numeric', 'Numerical', 'categoric', 'ordinal', 'continuous'];
const WRONG_SOURCE_TYPES = ['float', 'varchar', 'datetime', 'int', 'text', 'double'];
const MEASURES = ['sales', 'orders', 'sessions', 'returns', 'discount', 'basket_value', 'page_views', 'refunds', 'tickets', 'delivery_time'];
const WINDOWS = ['1d', '7d', '30d', '90d', '365d'];
const AGGREGATES = ['sum', 'avg', 'max', 'min', 'count', 'stddev', 'p95'];
const COLUMNS = ['order_id', 'customer_id', 'gross_sales', 'net_sales', 'discount_amount', 'created_at', 'shipped_at', 'country_code', 'device_type', 'session_length', 'item_count', 'is_returned', 'payment_method', 'basket_items', 'shipping_cost'];
const ALGORITHMS = ['PCA', 'bucketing', 'one-hot encoding', 'min-max scaling', 'target encoding'];
const TAGS = [
  ['PII.Sensitive', 'Classification'],
  ['PII.NonSensitive', 'Classification'],
  ['PersonalData.Personal', 'Classification'],
  ['Tier.Tier2', 'Classification'],
  ['Sales.Revenue', 'Glossary'],
] as const;
const TABLE_POOL = 400;

function uuid(r: () => number): string {
  const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(r() * 4)]}${hex(3)}-${hex(12)}`;
}

/** `count` distinct items of `list` (a partial Fisher-Yates shuffle, stable across engines). */
function sample<T>(r: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(r() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, count);
}

/** The feature indexes that get a mistake: one in each of `count` equal slices, away from the edges. */
function mistakeFeatures(features: number, count: number, r: () => number): Map<number, MistakeKind> {
  const chosen = new Map<number, MistakeKind>();
  const slice = features / count;
  for (let m = 0; m < count; m++) {
    const index = Math.floor(slice * m + slice * (0.1 + 0.8 * r()));
    chosen.set(index, MISTAKE_KINDS[m % MISTAKE_KINDS.length]);
  }
  if (chosen.size !== count) throw new Error(`cannot spread ${count} mistakes over ${features} features`);
  return chosen;
}

export function generateModel(features: number, options: GenerateOptions = {}): GeneratedModel {
  const r = rng(options.seed ?? 7);
  const name = `churn_${features}${options.mistakes ? '_mistakes' : ''}`;
  const tables = Array.from({ length: TABLE_POOL }, () => uuid(r));
  const planted = options.mistakes ? mistakeFeatures(features, options.mistakes, r) : new Map<number, MistakeKind>();
  const mistakes: Mistake[] = [];
  const lines: string[] = [];
  const plant = (kind: MistakeKind, text: string): void => {
    mistakes.push({ line: lines.length, kind, text: text.trim() });
    lines.push(text);
  };

  lines.push(
    `name: ${name}`,
    `displayName: Customer churn (${features} features)`,
    'algorithm: Gradient Boosted Trees',
    'service: mlflow_svc',
    'description: |',
    '  Predicts the probability that a customer stops ordering within 90 days.',
    '  Generated for the benchmark in the upstream CreateMlModel shape.',
    'target: churned_90d',
    'server: http://ml-serving.example.com/churn/predict',
    'dashboard: sample_superset.churn_model_performance',
    'sourceUrl: https://mlflow.example.com/#/models/churn',
    'mlStore:',
    '  storage: s3://models/churn/model.pkl',
    '  imageRepository: registry.example.com/churn:2.3',
    'mlHyperParameters:',
  );
  const params = ['learning_rate', 'max_depth', 'n_estimators', 'subsample', 'colsample_bytree', 'min_child_weight', 'gamma', 'reg_alpha', 'reg_lambda', 'early_stopping_rounds'];
  for (const param of params) {
    lines.push(`  - name: ${param}`, `    value: "${(r() * 10).toFixed(int(r, 0, 3))}"`, `    description: Tuned by Bayesian search over ${int(r, 20, 200)} trials`);
  }

  lines.push('mlFeatures:');
  for (let i = 0; i < features; i++) {
    const mistake = planted.get(i);
    const measure = pick(r, MEASURES);
    const window = pick(r, WINDOWS);
    const aggregate = pick(r, AGGREGATES);
    const sources = int(r, 1, 3);
    lines.push(`  - name: ${aggregate}_${measure}_${window}_${i}`);
    const featureType = r() < 0.6 ? 'numerical' : 'categorical';
    if (mistake === 'feature-enum') plant('feature-enum', `    dataType: ${pick(r, WRONG_FEATURE_TYPES)}`);
    else lines.push(`    dataType: ${featureType}`);
    if (mistake === 'feature-unknown-key') plant('feature-unknown-key', `    featureType: ${featureType}`);
    lines.push(`    description: The ${aggregate} of ${measure.replace('_', ' ')} per customer over ${window}`);
    if (r() < 0.3) lines.push(`    featureAlgorithm: ${pick(r, ALGORITHMS)}`);
    lines.push('    featureSources:');
    const columns = sample(r, COLUMNS, sources);
    columns.forEach((column, j) => {
      lines.push(`      - name: ${column}`);
      if (mistake === 'source-enum' && j === 0) plant('source-enum', `        dataType: ${pick(r, WRONG_SOURCE_TYPES)}`);
      else lines.push(`        dataType: ${pick(r, SOURCE_TYPES)}`);
      if (mistake === 'source-unknown-key' && j === 0) plant('source-unknown-key', `        columnType: VARCHAR`);
      lines.push('        dataSource:', `          id: ${tables[Math.floor(r() * TABLE_POOL)]}`, '          type: table');
    });
    const tagCount = r() < 0.5 ? 0 : r() < 0.8 ? 1 : 2;
    if (tagCount) lines.push('    tags:');
    const tagStart = int(r, 0, TAGS.length - 1);
    for (let t = 0; t < tagCount; t++) {
      const [tagFQN, source] = TAGS[(tagStart + t) % TAGS.length];
      lines.push(`      - tagFQN: ${tagFQN}`, `        source: ${source}`, '        labelType: Manual', '        state: Confirmed');
    }
  }
  lines.push(
    'owners:',
    `  - id: ${uuid(r)}`,
    '    type: user',
    `  - id: ${uuid(r)}`,
    '    type: team',
    'tags:',
    '  - tagFQN: Tier.Tier1',
    '    source: Classification',
    '    labelType: Manual',
    '    state: Confirmed',
    '',
  );
  return { name, features, text: lines.join('\n'), mistakes };
}

/** The models the bench runs on. */
export function benchModels(): { sized: GeneratedModel[]; withMistakes: GeneratedModel } {
  return {
    sized: [100, 1000, 5000].map((n) => generateModel(n)),
    withMistakes: generateModel(1000, { mistakes: 50 }),
  };
}
