// A minimal path router: `/api/v1/tables/name/:fqn`. Segments are matched before decoding, so an
// encoded FQN (`%2F`, `%22`) stays one segment, as with Jersey's `{fqn}` path parameter.
import { ApiError } from './apiError';

export interface RouteRequest {
  params: Record<string, string>;
}

interface Route<C> {
  method: string;
  segments: string[];
  handler: (context: C, params: Record<string, string>) => Promise<RouteResult> | RouteResult;
}

export interface RouteResult {
  status: number;
  /** Serialised as JSON; undefined sends an empty body. */
  body?: unknown;
  /** Sent as the body instead, as text/html (the entity pages). */
  html?: string;
}

export class Router<C> {
  private readonly routes: Route<C>[] = [];

  add(method: string, pattern: string, handler: Route<C>['handler']): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler for a request; literal segments win over parameters wherever both could match. */
  match(method: string, pathname: string): { handler: Route<C>['handler']; params: Record<string, string> } {
    const parts = pathname.split('/').filter(Boolean);
    let best: { route: Route<C>; params: Record<string, string>; literals: number } | undefined;
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      for (let i = 0; i < parts.length && ok; i++) {
        const segment = route.segments[i];
        if (segment.startsWith(':')) {
          try {
            params[segment.slice(1)] = decodeURIComponent(parts[i]);
          } catch {
            ok = false;
          }
        } else if (segment === parts[i]) {
          literals++;
        } else {
          ok = false;
        }
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method && (!best || literals > best.literals)) best = { route, params, literals };
    }
    if (best) return { handler: best.route.handler, params: best.params };
    if (pathMatched) throw new ApiError(405, 'HTTP 405 Method Not Allowed');
    throw new ApiError(404, 'HTTP 404 Not Found');
  }
}
