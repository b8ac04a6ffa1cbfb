// The CLI's connection to OpenMetadata: `--server URL` (or OPENMETADATA_HOST_PORT), the token from
// OPENMETADATA_TOKEN or the variable named by `--token-env` (never from an argument, which `ps`
// would show).

import { OpenMetadataClient } from '../openmetadata/client';
import { hideInOutput, UsageError } from './io';

/**
 * The server URL when `--server` is not given. It is named after `hostPort` in OpenMetadata's
 * ingestion configuration (`openMetadataServerConfig.hostPort`), which includes `/api`
 * (`http://localhost:8585/api`): a CI job that already sets it for OpenMetadata's own tools needs
 * nothing more. The transport accepts the URL with or without `/api`.
 */
export const SERVER_VARIABLE = 'OPENMETADATA_HOST_PORT';

export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  'token-env': { type: 'string', default: 'OPENMETADATA_TOKEN' },
  verbose: { type: 'boolean', default: false },
} as const;

export const CONNECTION_USAGE = `  --server URL       OpenMetadata server, e.g. http://localhost:8585 (or a sandbox); without it,
                     ${SERVER_VARIABLE} (e.g. http://localhost:8585/api) if it is set
  --token-env NAME   environment variable holding the token (default OPENMETADATA_TOKEN)
  --verbose          log each request (method, path, status, time) to stderr`;

/** The message when a command needs a server and none was given either way. */
export const SERVER_REQUIRED = `--server URL is required (or set ${SERVER_VARIABLE})`;

export function clientFrom(values: { server?: string; 'token-env'?: string; verbose?: boolean }, log: (line: string) => void): OpenMetadataClient | undefined {
  // --server wins: a one-off run against another server, in a job that sets the variable.
  const fromEnv = values.server === undefined;
  const server = fromEnv ? process.env[SERVER_VARIABLE]?.trim() || undefined : values.server;
  if (!server) return undefined;
  if (!/^https?:\/\//.test(server)) throw new UsageError(`${fromEnv ? SERVER_VARIABLE : '--server'} must be an http:// or https:// URL, not ${server}`);
  const variable = values['token-env'] ?? 'OPENMETADATA_TOKEN';
  const token = process.env[variable] || undefined;
  // A server version the product does not know is said even without --verbose: predictions may be off.
  hideInOutput(token);
  return new OpenMetadataClient({ baseUrl: server, token, log: values.verbose ? log : undefined, warn: log });
}
