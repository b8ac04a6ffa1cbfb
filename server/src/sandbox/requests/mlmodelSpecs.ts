// The request and entity shapes of ML models, from upstream's api/data/createMlModel.json and
// entity/data/mlmodel.json (field names exactly as there; no additional properties), for checkBody.
import type { ServerRules } from '../serverVersions';
import type { Spec } from './shapes';

const text: Spec = { kind: 'string' };
const entityName: Spec = { kind: 'string', pattern: '^((?!::).)*$', minLength: 1, maxLength: 256 };
const fqn: Spec = { kind: 'string', minLength: 1, maxLength: 3072 };
const href: Spec = { kind: 'string', format: 'uri' };
const any: Spec = { kind: 'any' };

export const entityReferenceSpec: Spec = {
  kind: 'object',
  fields: {
    id: { kind: 'string', format: 'uuid', required: true },
    type: { kind: 'string', required: true },
    name: text,
    fullyQualifiedName: text,
    description: text,
    displayName: text,
    deleted: { kind: 'boolean' },
    inherited: { kind: 'boolean' },
    href,
  },
};

export const tagLabelSpec: Spec = {
  kind: 'object',
  fields: {
    tagFQN: { kind: 'string', required: true, maxLength: 128 },
    // Java's (?U)\w is Unicode-aware; JavaScript needs the classes spelled out.
    name: { kind: 'string', minLength: 2, maxLength: 64, pattern: "^[\\p{L}\\p{M}\\p{Nd}\\p{Pc}'\\- .&()]+$", patternText: "^(?U)[\\w'\\- .&()]+$" },
    displayName: text,
    description: text,
    source: { kind: 'enum', values: ['Classification', 'Glossary'], default: 'Classification', required: true },
    labelType: { kind: 'enum', values: ['Manual', 'Propagated', 'Automated', 'Derived'], default: 'Manual', required: true },
    state: { kind: 'enum', values: ['Suggested', 'Confirmed'], default: 'Confirmed', required: true },
    href,
  },
};

const tags: Spec = { kind: 'array', items: tagLabelSpec };

const featureSourceSpec: Spec = {
  kind: 'object',
  fields: {
    name: entityName,
    dataType: { kind: 'enum', values: ['integer', 'number', 'string', 'array', 'date', 'timestamp', 'object', 'boolean'] },
    description: text,
    fullyQualifiedName: fqn,
    dataSource: entityReferenceSpec,
    tags,
  },
};

const mlFeatureSpec: Spec = {
  kind: 'object',
  fields: {
    name: entityName,
    dataType: { kind: 'enum', values: ['numerical', 'categorical'] },
    description: text,
    fullyQualifiedName: fqn,
    featureSources: { kind: 'array', items: featureSourceSpec },
    featureAlgorithm: text,
    tags,
  },
};

const mlHyperParameterSpec: Spec = { kind: 'object', fields: { name: text, value: text, description: text } };
const mlStoreSpec: Spec = { kind: 'object', fields: { storage: text, imageRepository: text } };

const accessDetails: Spec = {
  kind: 'object',
  fields: { timestamp: { kind: 'integer', required: true }, accessedBy: entityReferenceSpec, accessedByAProcess: text },
};
const lifeCycleSpec: Spec = { kind: 'object', fields: { created: accessDetails, updated: accessDetails, accessed: accessDetails } };
const sourceHash: Spec = { kind: 'string', minLength: 1, maxLength: 32 };
const references: Spec = { kind: 'array', items: entityReferenceSpec };

const common: Record<string, Spec> = {
  name: { ...entityName, required: true } as Spec,
  displayName: text,
  description: text,
  algorithm: text,
  mlFeatures: { kind: 'array', items: mlFeatureSpec },
  mlHyperParameters: { kind: 'array', items: mlHyperParameterSpec },
  target: entityName,
  mlStore: mlStoreSpec,
  server: href,
  tags,
  owners: references,
  extension: any,
  sourceUrl: text,
  lifeCycle: lifeCycleSpec,
  sourceHash,
};

/** CreateMlModel: `domain` (one FQN) before 1.9, `domains` (FQN list) from 1.9; the other key is unknown. */
export function createMlModelSpec(rules: ServerRules): Spec {
  const domain: Record<string, Spec> = rules.domainField === 'domain' ? { domain: text } : { domains: { kind: 'array', items: fqn } };
  return {
    kind: 'object',
    fields: {
      ...common,
      dashboard: fqn,
      service: { ...fqn, required: true } as Spec,
      ...domain,
      dataProducts: { kind: 'array', items: fqn },
    },
  };
}

const changeDescription: Spec = any;

/** The entity as a JSON Patch leaves it, before the server validates references. */
export function mlModelEntitySpec(rules: ServerRules): Spec {
  const domain: Record<string, Spec> = rules.domainField === 'domain' ? { domain: entityReferenceSpec } : { domains: references };
  return {
  kind: 'object',
  fields: {
    ...common,
    id: { kind: 'string', format: 'uuid', required: true },
    fullyQualifiedName: fqn,
    algorithm: { kind: 'string', required: true },
    dashboard: entityReferenceSpec,
    href,
    followers: references,
    usageSummary: any,
    version: { kind: 'number' },
    updatedAt: { kind: 'integer' },
    updatedBy: text,
    service: { ...entityReferenceSpec, required: true } as Spec,
    serviceType: { kind: 'enum', values: ['Mlflow', 'Sklearn', 'CustomMlModel', 'SageMaker', 'VertexAI'] },
    changeDescription,
    incrementalChangeDescription: changeDescription,
    deleted: { kind: 'boolean' },
    ...domain,
    dataProducts: references,
    votes: any,
    certification: any,
    entityStatus: { kind: 'enum', values: ['Draft', 'In Review', 'Approved', 'Deprecated', 'Rejected'] },
  },
  };
}

export const addLineageSpec: Spec = {
  kind: 'object',
  fields: {
    edge: {
      kind: 'object',
      required: true,
      fields: {
        fromEntity: { ...entityReferenceSpec, required: true } as Spec,
        toEntity: { ...entityReferenceSpec, required: true } as Spec,
        description: text,
        lineageDetails: {
          kind: 'object',
          open: true,
          fields: {
            sqlQuery: text,
            columnsLineage: {
              kind: 'array',
              items: { kind: 'object', open: true, fields: { fromColumns: { kind: 'array', items: fqn }, toColumn: fqn, function: text } },
            },
            pipeline: entityReferenceSpec,
            description: text,
          },
        },
      },
    },
  },
};
