// What a route handler gets: the parsed URL, the caller, the clock, and the body read the way
// Dropwizard reads it (415 for a wrong content type, 400 "Unable to process JSON" for bad JSON).
import type { IncomingMessage } from 'node:http';
import type { ServerRules } from '../serverVersions';
import { ApiError } from './apiError';

export interface Principal {
  name: string;
  isBot: boolean;
}

export interface RequestContext {
  method: string;
  url: URL;
  query: URLSearchParams;
  principal: Principal;
  /** The rules of the server version the sandbox plays (serverVersions.ts). */
  rules: ServerRules;
  /** `http://host:port`, for `href`s. */
  baseUrl: string;
  now(): number;
  /** The body as JSON; `contentType` is the media type the endpoint consumes. */
  readJson(contentType?: string): Promise<unknown>;
}

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(413, 'HTTP 413 Request Entity Too Large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readJsonBody(req: IncomingMessage, contentType = 'application/json'): Promise<unknown> {
  const actual = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (actual !== contentType) throw new ApiError(415, 'HTTP 415 Unsupported Media Type');
  const text = await readBody(req);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'Unable to process JSON');
  }
}

/** Query parameter as an integer within bounds, with the bean-validation message when outside. */
export function intParam(query: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new ApiError(404, 'HTTP 404 Not Found');
  if (value < min) throw new ApiError(400, `[query param ${name} must be greater than or equal to ${min}]`);
  if (value > max) throw new ApiError(400, `[query param ${name} must be less than or equal to ${max}]`);
  return value;
}

export function boolParam(query: URLSearchParams, name: string, fallback: boolean): boolean {
  const raw = query.get(name);
  return raw === null || raw === '' ? fallback : raw.toLowerCase() === 'true';
}

export type Include = 'non-deleted' | 'deleted' | 'all';

export function includeParam(query: URLSearchParams): Include {
  const raw = query.get('include') ?? 'non-deleted';
  if (raw === 'non-deleted' || raw === 'deleted' || raw === 'all') return raw;
  throw new ApiError(404, 'HTTP 404 Not Found');
}

export function includes(include: Include, deleted: boolean | undefined): boolean {
  return include === 'all' || (include === 'deleted') === (deleted === true);
}
