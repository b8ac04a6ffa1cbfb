// The one typed settings object. The extension resolves VS Code's `mlmodel.*` settings into it
// (client/src/settings.ts) and sends it to the server; the CLI builds it from its flags. Shared by
// the server and the extension (imports nothing of the server).

/** Stable codes of the service's diagnostics: documented in the README, used to configure severity. */
export type DiagnosticCode =
  | 'yaml-syntax'
  | 'yaml-warning'
  | 'duplicate-key'
  | 'too-large'
  | 'alias-expansion'
  | 'not-a-model'
  | 'empty-file'
  | 'invalid-character'
  | 'missing-field'
  | 'unknown-field'
  | 'invalid-value'
  | 'wrong-type'
  | 'duplicate-name'
  | 'unknown-service'
  | 'unknown-dashboard'
  | 'unknown-table'
  | 'unknown-column'
  | 'unknown-user'
  | 'unknown-team'
  | 'unknown-tag'
  | 'unknown-domain'
  | 'unknown-data-product'
  | 'invalid-owner'
  | 'exclusive-tags'
  | 'disabled-tag'
  | 'data-product-domain'
  | 'duplicate-model'
  | 'datatype-mismatch'
  | 'sensitive-data'
  | 'catalog-unavailable'
  | 'ignore-comment'
  | 'unused-ignore';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export type SeveritySetting = Severity | 'off';

export interface Settings {
  /** OpenMetadata server URL, e.g. `http://localhost:8585`; empty: catalog features are off. */
  serverUrl: string;
  /** Delay after the last edit before diagnostics are computed again. */
  debounceMs: number;
  /** Files above this size get one diagnostic instead of being parsed. */
  maxFileSizeMB: number;
  /** Severity per diagnostic code; `off` hides the diagnostic. */
  severity: Partial<Record<DiagnosticCode, SeveritySetting>>;
  /** Tag FQNs whose use by a feature (on its column or table) is flagged. */
  sensitiveTags: string[];
}

export const DEFAULT_SETTINGS: Settings = {
  serverUrl: '',
  debounceMs: 150,
  maxFileSizeMB: 20,
  severity: {},
  sensitiveTags: ['PII.Sensitive'],
};

/** Settings from untyped input (initializationOptions, a notification): unknown or mistyped fields fall back to defaults. */
export function resolveSettings(input: unknown): Settings {
  const o = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const num = (v: unknown, d: number, min: number, max: number) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : d);
  const severity: Settings['severity'] = {};
  if (o.severity && typeof o.severity === 'object') {
    for (const [code, value] of Object.entries(o.severity as Record<string, unknown>)) {
      if (value === 'error' || value === 'warning' || value === 'information' || value === 'hint' || value === 'off') {
        severity[code as DiagnosticCode] = value;
      }
    }
  }
  return {
    serverUrl: typeof o.serverUrl === 'string' ? normalizeServerUrl(o.serverUrl) : DEFAULT_SETTINGS.serverUrl,
    debounceMs: num(o.debounceMs, DEFAULT_SETTINGS.debounceMs, 0, 5000),
    maxFileSizeMB: num(o.maxFileSizeMB, DEFAULT_SETTINGS.maxFileSizeMB, 1, 1024),
    severity,
    sensitiveTags: Array.isArray(o.sensitiveTags) ? o.sensitiveTags.filter((t): t is string => typeof t === 'string') : DEFAULT_SETTINGS.sensitiveTags,
  };
}

/**
 * A server URL as settings hold it and tokens are stored under: trimmed, without trailing slashes,
 * so `http://host:8585/` and `http://host:8585` are one server.
 */
export function normalizeServerUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/**
 * Whether a server URL names this machine (`localhost`, `127.0.0.0/8`, `::1`), where a publish
 * is a try-out (the sandbox) and needs no confirmation; anything else may be a shared catalog.
 */
export function isLocalServer(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
