// Read-only HTML pages at the UI paths the product links to (server/src/service/links.ts), so
// "Open in OpenMetadata" on a sandbox shows the entity instead of a JSON 404: its name, type, FQN,
// description and version, and a link to its JSON. Everything shown is escaped.
import type { RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { hrefFor } from '../present';
import type { Named } from '../store/collection';
import type { SandboxStore } from '../store/sandboxStore';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}dt{font-weight:600}dd{margin:0 0 .6rem}pre{white-space:pre-wrap}</style></head>
<body>${body}</body></html>`;
}

function entityPage(type: string, entity: Named & { version?: number }, baseUrl: string): string {
  const json = hrefFor(baseUrl, type, entity.id);
  const row = (label: string, value: string | undefined): string => (value === undefined ? '' : `<dt>${label}</dt><dd>${escapeHtml(value)}</dd>`);
  return page(
    `${entity.name} (${type}) – OpenMetadata sandbox`,
    `<h1>${escapeHtml(entity.displayName ?? entity.name)}</h1><p>Read-only page of the mlmodel sandbox catalog.</p><dl>` +
      row('Name', entity.name) +
      row('Type', type) +
      row('Fully qualified name', entity.fullyQualifiedName ?? entity.name) +
      (entity.description ? `<dt>Description</dt><dd><pre>${escapeHtml(entity.description)}</pre></dd>` : '') +
      row('Version', entity.version === undefined ? undefined : String(entity.version)) +
      row('Deleted', entity.deleted ? 'yes' : undefined) +
      `</dl><p><a href="${escapeHtml(json)}">JSON</a></p>`,
  );
}

function notFound(type: string, fqn: string): { status: number; html: string } {
  return { status: 404, html: page('Not found – OpenMetadata sandbox', `<h1>Not found</h1><p>No ${escapeHtml(type)} named <code>${escapeHtml(fqn)}</code> in this sandbox.</p>`) };
}

/** The UI paths of links.ts: /table/{fqn}, /dashboard/{fqn}, /mlmodel/{fqn}, /service/mlmodelServices/{fqn}, /users/{name}, /settings/members/teams/{name}, /tags/{classification}. */
export function entityPageRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  const add = (path: string, type: string, find: (store: SandboxStore, fqn: string) => Named | undefined): void => {
    router.add('GET', path, (ctx, { fqn }) => {
      const entity = find(state.store, fqn);
      return entity ? { status: 200, html: entityPage(type, entity, ctx.baseUrl) } : notFound(type, fqn);
    });
  };
  add('/table/:fqn', 'table', (s, fqn) => s.tables.byFqn(fqn));
  add('/dashboard/:fqn', 'dashboard', (s, fqn) => s.dashboards.byFqn(fqn));
  add('/mlmodel/:fqn', 'mlmodel', (s, fqn) => s.mlmodels.getByFqn(fqn));
  add('/service/mlmodelServices/:fqn', 'mlmodelService', (s, fqn) => s.mlmodelServices.byFqn(fqn));
  add('/users/:fqn', 'user', (s, fqn) => s.users.list().find((u) => u.name === fqn));
  add('/settings/members/teams/:fqn', 'team', (s, fqn) => s.teams.list().find((t) => t.name === fqn));
  add('/tags/:fqn', 'classification', (s, fqn) => s.classifications.byFqn(fqn));
  add('/glossary/:fqn', 'glossaryTerm', (s, fqn) => s.glossaryTerms.byFqn(fqn) ?? s.glossaries.byFqn(fqn));
}
