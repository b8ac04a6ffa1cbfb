// Cursor paging as the list endpoints do it: `limit` items after (or before) a cursor, with
// `paging.after`/`paging.before` cursors (base64 of the boundary FQN) and the total.
import { ApiError } from '../http/apiError';
import type { Paging } from '../../openmetadata/types';
import { compare } from './collection';

export interface PageRequest {
  limit: number;
  after?: string;
  before?: string;
}

export function encodeCursor(fqn: string): string {
  return Buffer.from(fqn, 'utf8').toString('base64');
}

export function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, 'base64').toString('utf8');
  if (encodeCursor(decoded).replace(/=+$/, '') !== cursor.replace(/=+$/, '')) throw new ApiError(400, `Invalid cursor ${cursor}`);
  return decoded;
}

/** First position whose key sorts after `key` (binary search over a sorted sequence). */
function upperBound(size: number, keyAt: (i: number) => string, key: string): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(keyAt(mid), key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function lowerBound(size: number, keyAt: (i: number) => string, key: string): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compare(keyAt(mid), key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The positions of one page of a sequence sorted by `keyAt`, and its paging block. */
export function pageOf(size: number, keyAt: (i: number) => string, request: PageRequest): { start: number; end: number; paging: Paging } {
  if (request.after !== undefined && request.before !== undefined) {
    throw new ApiError(400, 'Only one of before or after query parameter allowed');
  }
  let start: number;
  let end: number;
  if (request.before !== undefined) {
    end = lowerBound(size, keyAt, decodeCursor(request.before));
    start = Math.max(0, end - request.limit);
  } else {
    start = request.after !== undefined ? upperBound(size, keyAt, decodeCursor(request.after)) : 0;
    end = Math.min(size, start + request.limit);
  }
  const paging: Paging = { total: size };
  if (start > 0 && end > start) paging.before = encodeCursor(keyAt(start));
  if (end < size && end > start) paging.after = encodeCursor(keyAt(end - 1));
  return { start, end, paging };
}
