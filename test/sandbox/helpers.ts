// Raw HTTP against a sandbox, for tests that check the wire (status, `{code, message}`, shapes)
// rather than the client's reading of it.
import type { Sandbox } from '../../server/src/sandbox/server';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = any>(
  sandbox: Pick<Sandbox, 'url'>,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const contentType = method === 'PATCH' ? 'application/json-patch+json' : 'application/json';
  const response = await fetch(sandbox.url + path, {
    method,
    headers: body === undefined ? headers : { 'Content-Type': contentType, ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as T) : (undefined as T), headers: response.headers };
}

export const FACT_SALE = 'sample_data.ecommerce_db.shopify.fact_sale';
export const RAW_CUSTOMER = 'sample_data.ecommerce_db.shopify.raw_customer';
export const DIM_CUSTOMER = 'sample_data.ecommerce_db.shopify.dim_customer';

/** A table reference as a client sends it in `featureSources[].dataSource`. */
export async function tableRef(sandbox: Pick<Sandbox, 'url'>, fqn: string): Promise<{ id: string; type: string; name: string; fullyQualifiedName: string }> {
  const { body } = await call(sandbox, 'GET', `/api/v1/tables/name/${encodeURIComponent(fqn)}`);
  return { id: body.id, type: 'table', name: body.name, fullyQualifiedName: body.fullyQualifiedName };
}

/** OpenMetadata's sample `eta_predictions` as a valid CreateMlModel (references resolved). */
export async function etaPredictions(sandbox: Pick<Sandbox, 'url'>): Promise<Record<string, any>> {
  const factSale = await tableRef(sandbox, FACT_SALE);
  const rawCustomer = await tableRef(sandbox, RAW_CUSTOMER);
  return {
    name: 'eta_predictions',
    displayName: 'ETA Predictions',
    description: 'ETA Predictions Model',
    algorithm: 'Neural Network',
    service: 'mlflow_svc',
    dashboard: 'sample_superset.eta_predictions_performance',
    mlStore: { storage: 's3://path-to-pickle', imageRepository: 'https://docker.hub.com/image' },
    server: 'http://my-server.ai',
    target: 'ETA_time',
    mlFeatures: [
      {
        name: 'sales',
        dataType: 'numerical',
        description: 'Sales amount',
        featureSources: [{ name: 'gross_sales', dataType: 'integer', dataSource: factSale }],
      },
      {
        name: 'persona',
        dataType: 'categorical',
        description: 'type of buyer',
        featureAlgorithm: 'PCA',
        featureSources: [
          { name: 'membership', dataType: 'string', dataSource: rawCustomer },
          { name: 'platform', dataType: 'string', dataSource: rawCustomer },
        ],
      },
    ],
    mlHyperParameters: [
      { name: 'regularisation', value: '0.5' },
      { name: 'random', value: 'hello' },
    ],
  };
}
