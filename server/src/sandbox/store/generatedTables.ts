// `--tables N`: N synthetic tables for benchmarks. Only the names are kept in memory; a table and
// its columns are rebuilt from its index when asked for, so 100,000 tables cost a few MB.
import type { Column, EntityReference, Table, TagLabel } from '../../openmetadata/types';
import { stableUuid } from '../ids';

const SERVICE = 'bench_postgres';
const DATABASE = 'warehouse';
const SCHEMAS = 50;
const SEEDED_AT = 1700000000000;

const SUBJECTS = [
  'customer', 'order', 'product', 'payment', 'invoice', 'shipment', 'session', 'device', 'campaign', 'account',
  'subscription', 'refund', 'inventory', 'supplier', 'store', 'employee', 'ticket', 'review', 'click', 'trip',
];
const KINDS = ['events', 'facts', 'daily', 'snapshot', 'history', 'features', 'staging', 'summary', 'raw', 'clean'];

const COLUMN_POOL: readonly [string, string, string][] = [
  ['id', 'BIGINT', 'bigint'],
  ['created_at', 'TIMESTAMP', 'timestamp'],
  ['updated_at', 'TIMESTAMP', 'timestamp'],
  ['amount', 'NUMERIC', 'numeric(12,2)'],
  ['quantity', 'INT', 'int'],
  ['status', 'VARCHAR', 'varchar(32)'],
  ['country', 'VARCHAR', 'varchar(2)'],
  ['email', 'VARCHAR', 'varchar(255)'],
  ['phone', 'VARCHAR', 'varchar(32)'],
  ['is_active', 'BOOLEAN', 'boolean'],
  ['score', 'DOUBLE', 'double'],
  ['event_date', 'DATE', 'date'],
  ['attributes', 'JSON', 'json'],
  ['tags', 'ARRAY', 'array<varchar>'],
  ['discount', 'DECIMAL', 'decimal(5,2)'],
  ['channel', 'STRING', 'string'],
  ['latitude', 'FLOAT', 'float'],
  ['longitude', 'FLOAT', 'float'],
  ['notes', 'TEXT', 'text'],
  ['external_ref', 'CHAR', 'char(36)'],
];

/** Columns tagged PII.Sensitive in generated tables, so governance rules have work to do. */
const SENSITIVE = new Set(['email', 'phone']);

/** Ids encode the index (a valid v5-shaped UUID), so a lookup by id needs no table of ids. */
const ID_PREFIX = 'b5e1d000-0000-5000-8000-';

function ref(type: string, name: string, fqn: string): EntityReference {
  return { id: stableUuid(type, fqn), type, name, fullyQualifiedName: fqn, deleted: false };
}

export class GeneratedTables {
  private readonly schemaRefs: EntityReference[];
  private readonly serviceRef = ref('databaseService', SERVICE, SERVICE);
  private readonly databaseRef = ref('database', DATABASE, `${SERVICE}.${DATABASE}`);

  constructor(
    readonly count: number,
    private readonly sensitiveTag: TagLabel | undefined,
  ) {
    this.schemaRefs = Array.from({ length: SCHEMAS }, (_, s) => {
      const name = `schema_${String(s).padStart(2, '0')}`;
      return ref('databaseSchema', name, `${SERVICE}.${DATABASE}.${name}`);
    });
  }

  name(index: number): string {
    return `${SUBJECTS[index % SUBJECTS.length]}_${KINDS[Math.floor(index / SUBJECTS.length) % KINDS.length]}_${index}`;
  }

  fullyQualifiedName(index: number): string {
    return `${this.schemaRefs[index % SCHEMAS].fullyQualifiedName}.${this.name(index)}`;
  }

  id(index: number): string {
    return ID_PREFIX + index.toString(16).padStart(12, '0');
  }

  /** The index of a generated table id, or undefined. */
  indexOfId(id: string): number | undefined {
    if (!id.startsWith(ID_PREFIX)) return undefined;
    const index = parseInt(id.slice(ID_PREFIX.length), 16);
    return Number.isInteger(index) && index < this.count && this.id(index) === id ? index : undefined;
  }

  description(index: number): string {
    const [subject, kind] = this.name(index).split('_');
    return `Generated ${kind} table about ${subject} records (#${index}), for benchmarks.`;
  }

  columns(index: number, tableFqn: string): Column[] {
    const count = 5 + (index % 16);
    const columns: Column[] = [];
    const used = new Set<string>();
    for (let j = 0; j < count; j++) {
      const [base, dataType, display] = COLUMN_POOL[(index * 7 + j * 3) % COLUMN_POOL.length];
      const name = used.has(base) ? `${base}_${j}` : base;
      used.add(name);
      columns.push({
        name,
        dataType,
        dataTypeDisplay: display,
        description: `${name.replace(/_/g, ' ')} of the ${this.name(index).split('_')[0]}`,
        fullyQualifiedName: `${tableFqn}.${name}`,
        tags: SENSITIVE.has(name) && this.sensitiveTag ? [this.sensitiveTag] : [],
        ordinalPosition: j + 1,
      });
    }
    return columns;
  }

  table(index: number): Table {
    const fqn = this.fullyQualifiedName(index);
    return {
      id: this.id(index),
      name: this.name(index),
      fullyQualifiedName: fqn,
      description: this.description(index),
      version: 0.1,
      updatedAt: SEEDED_AT,
      updatedBy: 'admin',
      tableType: 'Regular',
      columns: this.columns(index, fqn),
      owners: [],
      databaseSchema: this.schemaRefs[index % SCHEMAS],
      database: this.databaseRef,
      service: this.serviceRef,
      serviceType: 'Postgres',
      tags: [],
      followers: [],
      deleted: false,
    };
  }
}
