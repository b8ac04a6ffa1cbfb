// Read endpoints of the catalog entities the product references: ML model services, dashboards,
// users (and the logged-in user), teams, classifications and tags. Each has a paged list, `/{id}`
// and `/name/{fqn}`; users and teams are looked up by name, quoted as upstream quotes them.
import type { User } from '../../openmetadata/types';
import { entityNotFound } from '../http/apiError';
import { quoteName } from '../fqn';
import { boolParam, includeParam, includes, intParam, type RequestContext } from '../http/context';
import type { Router } from '../http/router';
import { parseFields, presentEntity } from '../present';
import { fqnOf, type EntityCollection, type Named } from '../store/collection';
import { pageOf } from '../store/paging';
import type { SandboxStore } from '../store/sandboxStore';

interface CollectionSpec<T extends Named> {
  path: string;
  type: string;
  collection: (store: SandboxStore) => EntityCollection<T>;
  fields: readonly string[];
  relationships: readonly { field: string; list: boolean }[];
  /** Query filters of the list endpoint. */
  filter?: (item: T, query: URLSearchParams) => boolean;
  /** Users and teams: `/name/{name}` takes a bare name, quoted before lookup. */
  byName?: boolean;
}

/** Users and teams are found by name: upstream quotes the name before looking it up. */
function lookupKey(spec: { byName?: boolean }, fqn: string): string {
  return spec.byName ? quoteName(fqn, 'double') : fqn;
}

function collectionRoutes<T extends Named>(router: Router<RequestContext>, state: { store: SandboxStore }, spec: CollectionSpec<T>): void {
  const present = (item: T, ctx: RequestContext): T =>
    presentEntity(spec.type, item, parseFields(ctx.query.get('fields'), spec.fields), spec.relationships, ctx.baseUrl);

  router.add('GET', spec.path, (ctx) => {
    const include = includeParam(ctx.query);
    const items = spec
      .collection(state.store)
      .list()
      .filter((item) => includes(include, item.deleted) && (!spec.filter || spec.filter(item, ctx.query)));
    const limit = intParam(ctx.query, 'limit', 10, 0, 1_000_000);
    const page = pageOf(items.length, (i) => fqnOf(items[i]), {
      limit,
      after: ctx.query.get('after') ?? undefined,
      before: ctx.query.get('before') ?? undefined,
    });
    return { status: 200, body: { data: items.slice(page.start, page.end).map((item) => present(item, ctx)), paging: page.paging } };
  });

  router.add('GET', `${spec.path}/name/:fqn`, (ctx, { fqn }) => {
    const item = spec.collection(state.store).byFqn(lookupKey(spec, fqn));
    if (!item || !includes(includeParam(ctx.query), item.deleted)) throw entityNotFound(spec.type, fqn);
    return { status: 200, body: present(item, ctx) };
  });

  router.add('GET', `${spec.path}/:id`, (ctx, { id }) => {
    const item = spec.collection(state.store).byId(id);
    if (!item || !includes(includeParam(ctx.query), item.deleted)) throw entityNotFound(spec.type, id);
    return { status: 200, body: present(item, ctx) };
  });
}

const USER_FIELDS = ['profile', 'roles', 'teams', 'follows', 'owns', 'domains', 'personas', 'defaultPersona'];
const USER_RELATIONSHIPS = [{ field: 'teams', list: true }];

const OWNED = [
  { field: 'owners', list: true },
  { field: 'tags', list: true },
  { field: 'followers', list: true },
];

export function catalogEntityRoutes(router: Router<RequestContext>, state: { store: SandboxStore }): void {
  // Registered before /users/:id so the literal segment wins.
  router.add('GET', '/api/v1/users/loggedInUser', (ctx) => {
    // UserResource.getCurrentLoggedInUser: the caller's user, `isBot` included.
    const user = state.store.users.byFqn(quoteName(ctx.principal.name, 'double')) as User;
    const fields = parseFields(ctx.query.get('fields'), USER_FIELDS);
    return { status: 200, body: presentEntity('user', user, fields, USER_RELATIONSHIPS, ctx.baseUrl) };
  });

  collectionRoutes(router, state, {
    path: '/api/v1/services/mlmodelServices',
    type: 'mlmodelService',
    collection: (s) => s.mlmodelServices,
    fields: ['pipelines', 'owners', 'tags', 'domains', 'followers', 'dataProducts'],
    relationships: OWNED,
  });
  collectionRoutes(router, state, {
    path: '/api/v1/dashboards',
    type: 'dashboard',
    collection: (s) => s.dashboards,
    fields: ['owners', 'charts', 'followers', 'tags', 'usageSummary', 'extension', 'dataModels', 'domains', 'dataProducts', 'votes', 'lifeCycle', 'sourceHash'],
    relationships: OWNED,
    filter: (d, q) => !q.get('service') || d.service.fullyQualifiedName === q.get('service'),
  });
  collectionRoutes(router, state, {
    path: '/api/v1/users',
    type: 'user',
    collection: (s) => s.users,
    fields: USER_FIELDS,
    relationships: USER_RELATIONSHIPS,
    filter: (u, q) => q.get('isBot') === null || (u.isBot === true) === boolParam(q, 'isBot', false),
    byName: true,
  });
  collectionRoutes(router, state, {
    path: '/api/v1/teams',
    type: 'team',
    collection: (s) => s.teams,
    fields: ['owners', 'profile', 'users', 'owns', 'defaultRoles', 'parents', 'children', 'policies', 'userCount', 'childrenCount', 'domains'],
    relationships: [
      { field: 'parents', list: true },
      { field: 'children', list: true },
      { field: 'owners', list: true },
    ],
    byName: true,
  });
  collectionRoutes(router, state, {
    path: '/api/v1/classifications',
    type: 'classification',
    collection: (s) => s.classifications,
    fields: ['termCount', 'usageCount'],
    relationships: [],
  });
  collectionRoutes(router, state, {
    path: '/api/v1/glossaries',
    type: 'glossary',
    collection: (s) => s.glossaries,
    fields: ['owners', 'tags', 'reviewers', 'usageCount', 'termCount', 'domains', 'extension'],
    relationships: [],
  });
  collectionRoutes(router, state, {
    path: '/api/v1/glossaryTerms',
    type: 'glossaryTerm',
    collection: (s) => s.glossaryTerms,
    fields: ['children', 'relatedTerms', 'reviewers', 'owners', 'tags', 'usageCount', 'domains', 'extension', 'childrenCount'],
    relationships: [],
    filter: (t, q) => !q.get('glossary') || t.glossary.id === q.get('glossary') || t.glossary.name === q.get('glossary'),
  });
  collectionRoutes(router, state, {
    path: '/api/v1/domains',
    type: 'domain',
    collection: (s) => s.domains,
    fields: ['children', 'owners', 'experts', 'tags', 'followers'],
    relationships: [],
  });
  collectionRoutes(router, state, {
    path: '/api/v1/dataProducts',
    type: 'dataProduct',
    collection: (s) => s.dataProducts,
    fields: ['domains', 'owners', 'experts', 'assets', 'tags', 'followers'],
    relationships: [],
  });
  collectionRoutes(router, state, {
    path: '/api/v1/tags',
    type: 'tag',
    collection: (s) => s.tags,
    fields: ['children', 'usageCount'],
    relationships: [],
    filter: (t, q) => {
      const parent = q.get('parent');
      const fqn = t.fullyQualifiedName as string;
      return !parent || (fqn.startsWith(`${parent}.`) && !fqn.slice(parent.length + 1).includes('.'));
    },
  });
}
