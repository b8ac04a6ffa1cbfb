// An in-memory Catalog with a few of OpenMetadata's sample tables, for service tests.
import type { Catalog, CatalogColumn, CatalogEntity, CatalogTable, ListedKind } from '../../server/src/service/catalog';
import { joinFqn } from '../../server/src/service/fqn';

const SCHEMA = 'sample_data.ecommerce_db.shopify';

function col(table: string, name: string, dataType: string, extra: Partial<CatalogColumn> = {}): CatalogColumn {
  return { name, fullyQualifiedName: `${joinFqn('sample_data', 'ecommerce_db', 'shopify', table)}.${name}`, dataType, tags: [], ...extra };
}

function table(name: string, columns: CatalogColumn[], extra: Partial<CatalogTable> = {}): CatalogTable {
  return { id: `id-${name}`, name, fullyQualifiedName: joinFqn('sample_data', 'ecommerce_db', 'shopify', name), description: `The ${name} table.`, tags: [], owners: [], columns, ...extra };
}

export const TABLES: CatalogTable[] = [
  table('fact_sale', [col('fact_sale', 'sale_id', 'NUMERIC'), col('fact_sale', 'gross_sales', 'NUMERIC', { description: 'Gross sales amount.' }), col('fact_sale', 'currency', 'VARCHAR'), col('fact_sale', 'happened_at', 'TIMESTAMP')]),
  table('fact_order', [col('fact_order', 'order_id', 'NUMERIC')]),
  table('dim_customer', [
    col('dim_customer', 'customer_id', 'NUMERIC'),
    col('dim_customer', 'email', 'VARCHAR', { tags: ['PII.Sensitive'] }),
    col('dim_customer', 'customer', 'STRUCT', { children: [col('dim_customer', 'username', 'VARCHAR', { fullyQualifiedName: `${SCHEMA}.dim_customer.customer.username` })] }),
  ]),
  table('raw_customer', [col('raw_customer', 'membership', 'STRING'), col('raw_customer', 'platform', 'STRING'), col('raw_customer', 'creditcard', 'STRING', { tags: ['PII.Sensitive'] })], { tags: ['Tier.Tier1'] }),
  table('dim.product', [col('dim.product', 'product_id', 'NUMERIC'), col('dim.product', 'title', 'VARCHAR')]),
  table('dim(shop)', [col('dim(shop)', 'shop(id)', 'NUMERIC')]),
  table('dim.api/client', [col('dim.api/client', 'api_client_id', 'NUMERIC')]),
  table('магазин', [col('магазин', 'идентификатор', 'NUMERIC'), col('магазин', 'имя', 'VARCHAR')]),
];

const entity = (kind: ListedKind, name: string, extra: Partial<CatalogEntity> = {}): CatalogEntity => ({ kind, id: `${kind}-${name}`, name, fullyQualifiedName: name, ...extra });

export const ENTITIES: CatalogEntity[] = [
  entity('mlmodelService', 'mlflow_svc', { detail: 'Mlflow' }),
  entity('dashboard', 'eta_predictions_performance', { fullyQualifiedName: 'sample_superset.eta_predictions_performance', displayName: 'ETA Predictions Performance', detail: 'Dashboard' }),
  entity('dashboard', 'forecast_sales_performance', { fullyQualifiedName: 'sample_superset.forecast_sales_performance' }),
  entity('user', 'aaron_johnson0', { displayName: 'Aaron Johnson' }),
  entity('team', 'Data'),
  entity('tag', 'Tier.Tier1'),
  entity('tag', 'PII.Sensitive'),
];

export interface FakeCatalog extends Catalog {
  calls: string[];
  /** Make every call wait this long, or fail with this error. */
  delayMs: number;
  failWith?: Error & { kind?: string };
}

export function fakeCatalog(): FakeCatalog {
  const fake: FakeCatalog = {
    uiBaseUrl: 'http://om.example:8585',
    calls: [],
    delayMs: 0,
    async searchTables(query, limit) {
      await step(`search ${query}`);
      const q = query.toLowerCase();
      return TABLES.filter((t) => t.name.toLowerCase().includes(q)).slice(0, limit).map(({ columns: _c, ...t }) => t);
    },
    async getTable(fqn) {
      await step(`table ${fqn}`);
      return TABLES.find((t) => t.fullyQualifiedName === fqn);
    },
    async listTables(max) {
      await step('list tables');
      return TABLES.slice(0, max).map((t) => ({ id: t.id, name: t.name, fullyQualifiedName: t.fullyQualifiedName, description: t.description }));
    },
    async listEntities(kind, max) {
      await step(`list ${kind}`);
      return ENTITIES.filter((e) => e.kind === kind).slice(0, max);
    },
    async getEntity(kind, fqn) {
      await step(`entity ${kind} ${fqn}`);
      return ENTITIES.find((e) => e.kind === kind && e.fullyQualifiedName === fqn);
    },
    async serverInfo() {
      await step('version');
      return { version: '1.9.0' };
    },
    async whoAmI() {
      await step('whoami');
      return { name: 'admin' };
    },
  };
  async function step(call: string): Promise<void> {
    fake.calls.push(call);
    if (fake.delayMs) await new Promise((r) => setTimeout(r, fake.delayMs));
    if (fake.failWith) throw fake.failWith;
  }
  return fake;
}
