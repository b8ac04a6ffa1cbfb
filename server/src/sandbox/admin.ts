// The sandbox's own control endpoints under /__sandbox/ (a path OpenMetadata does not use), for
// tests in another process: fault rules, the request log, and a reset to the seed. Behind the token
// when the sandbox has one (server.ts checks it), never subject to faults.
import type { IncomingMessage } from 'node:http';
import { parseFaultRule } from './faults';
import { ApiError } from './http/apiError';
import { readJsonBody } from './http/context';
import type { RouteResult } from './http/router';
import type { Sandbox } from './server';

export function adminRoutes(sandbox: Sandbox): (method: string, url: URL, req: IncomingMessage) => Promise<RouteResult> {
  return async (method, url, req) => {
    const [resource, id] = url.pathname.slice('/__sandbox/'.length).split('/');
    if (resource === 'faults' && id === undefined) {
      if (method === 'GET') return { status: 200, body: { faults: sandbox.faults.list() } };
      if (method === 'POST') {
        const rule = parseFaultRule(await readJsonBody(req));
        if (typeof rule === 'string') throw new ApiError(400, rule);
        return { status: 201, body: { id: sandbox.faults.add(rule) } };
      }
      if (method === 'DELETE') {
        sandbox.faults.clear();
        return { status: 200, body: { faults: [] } };
      }
    }
    if (resource === 'faults' && id !== undefined && method === 'DELETE') {
      if (!sandbox.faults.remove(decodeURIComponent(id))) throw new ApiError(404, `no fault ${id}`);
      return { status: 200, body: { faults: sandbox.faults.list() } };
    }
    if (resource === 'requests' && id === undefined) {
      if (method === 'GET') return { status: 200, body: { requests: sandbox.requests() } };
      if (method === 'DELETE') {
        sandbox.clearRequests();
        return { status: 200, body: { requests: [] } };
      }
    }
    if (resource === 'reset' && id === undefined && method === 'POST') {
      sandbox.reset();
      return { status: 200, body: { reset: true } };
    }
    throw new ApiError(404, `unknown sandbox admin endpoint ${method} ${url.pathname}`);
  };
}
