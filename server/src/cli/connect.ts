// The CLI's connection to OpenMetadata: `--server URL`, the token from OPENMETADATA_TOKEN or the
// variable named by `--token-env` (never from an argument, which `ps` would show).

import { OpenMetadataClient } from '../openmetadata/client';
import { hideInOutput, UsageError } from './io';

export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  'token-env': { type: 'string', default: 'OPENMETADATA_TOKEN' },
  verbose: { type: 'boolean', default: false },
} as const;

export const CONNECTION_USAGE = `  --server URL       OpenMetadata server, e.g. http://localhost:8585 (or a sandbox)
  --token-env NAME   environment variable holding the token (default OPENMETADATA_TOKEN)
  --verbose          log each request (method, path, status, time) to stderr`;

export function clientFrom(values: { server?: string; 'token-env'?: string; verbose?: boolean }, log: (line: string) => void): OpenMetadataClient | undefined {
  if (!values.server) return undefined;
  if (!/^https?:\/\//.test(values.server)) throw new UsageError(`--server must be an http:// or https:// URL, not ${values.server}`);
  const variable = values['token-env'] ?? 'OPENMETADATA_TOKEN';
  const token = process.env[variable] || undefined;
  // A server version the product does not know is said even without --verbose: predictions may be off.
  hideInOutput(token);
  return new OpenMetadataClient({ baseUrl: values.server, token, log: values.verbose ? log : undefined, warn: log });
}
