// Fault injection for tests: latency, error statuses, dropped connections, malformed or huge
// bodies, and redirects to another origin. Usable in-process (`sandbox.faults.add(...)`) and from
// another process through the admin endpoint `/__sandbox/faults`, a path OpenMetadata does not use.
import { randomUUID } from 'node:crypto';

export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Path prefix to match, e.g. `/api/v1/tables` (any when absent). */
  path?: string;
  /** Regular expression the path must match, instead of or with `path`. */
  pathRegex?: string;
  /** How many matching requests it applies to (unlimited when absent). */
  times?: number;
  /** Delay before answering (combined with the other effects, or alone). */
  latencyMs?: number;
  /** Answer this status with an upstream `{code, message}` body. */
  status?: number;
  message?: string;
  /** `Retry-After` header (seconds) with `status`. */
  retryAfterSeconds?: number;
  /** Close the connection before any response, or halfway through the body. */
  drop?: 'before-response' | 'mid-body';
  /** Answer 200 with a body that is not valid JSON. */
  malformedJson?: boolean;
  /** Answer 200 with a valid JSON body of about this many bytes, streamed without a length. */
  hugeBodyBytes?: number;
  /** Redirect to the same path on this origin (e.g. another server, for token-leak tests). */
  redirectTo?: string;
  redirectStatus?: 301 | 302 | 303 | 307 | 308;
}

export interface ActiveFault extends FaultRule {
  id: string;
  /** Requests it has applied to. */
  hits: number;
}

const KEYS: Record<keyof FaultRule, 'string' | 'number' | 'boolean'> = {
  method: 'string',
  path: 'string',
  pathRegex: 'string',
  times: 'number',
  latencyMs: 'number',
  status: 'number',
  message: 'string',
  retryAfterSeconds: 'number',
  drop: 'string',
  malformedJson: 'boolean',
  hugeBodyBytes: 'number',
  redirectTo: 'string',
  redirectStatus: 'number',
};

/** The rule, or a message saying what is wrong with it. */
export function parseFaultRule(value: unknown): FaultRule | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'a fault rule must be a JSON object';
  for (const [key, v] of Object.entries(value)) {
    const type = KEYS[key as keyof FaultRule];
    if (!type) return `unknown fault property ${key}; known: ${Object.keys(KEYS).join(', ')}`;
    if (typeof v !== type) return `${key} must be a ${type}`;
  }
  const rule = value as FaultRule;
  if (rule.drop !== undefined && rule.drop !== 'before-response' && rule.drop !== 'mid-body') return 'drop must be before-response or mid-body';
  if (rule.status !== undefined && (rule.status < 100 || rule.status > 599)) return 'status must be an HTTP status';
  if (rule.pathRegex !== undefined) {
    try {
      new RegExp(rule.pathRegex);
    } catch {
      return 'pathRegex is not a valid regular expression';
    }
  }
  if (rule.redirectTo !== undefined) {
    try {
      new URL(rule.redirectTo);
    } catch {
      return 'redirectTo must be an absolute URL';
    }
  }
  return rule;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];

  /** Adds a rule; rules are tried in the order they were added. Returns its id. */
  add(rule: FaultRule): string {
    const parsed = parseFaultRule(rule);
    if (typeof parsed === 'string') throw new TypeError(parsed);
    const id = randomUUID();
    this.faults.push({ ...parsed, id, hits: 0 });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((f) => f.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): ActiveFault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /** The first rule matching the request, counted as applied (and retired once used up). */
  take(method: string, path: string): ActiveFault | undefined {
    const fault = this.faults.find(
      (f) =>
        (!f.method || f.method.toUpperCase() === method) &&
        (!f.path || path.startsWith(f.path)) &&
        (!f.pathRegex || new RegExp(f.pathRegex).test(path)),
    );
    if (!fault) return undefined;
    fault.hits++;
    if (fault.times !== undefined && fault.hits >= fault.times) this.remove(fault.id);
    return { ...fault };
  }
}
