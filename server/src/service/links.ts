// Links into the OpenMetadata UI for catalog entities.

import type { ReferenceKind } from './references';
import { splitFqn } from './fqn';

export function entityUrl(uiBaseUrl: string, kind: ReferenceKind | 'mlmodel', fqn: string, table?: string): string | undefined {
  if (!uiBaseUrl) return undefined;
  try {
    return url(uiBaseUrl, kind, fqn, table);
  } catch {
    // Not valid Unicode (a lone surrogate): no entity has such a name, so there is nothing to link.
    return undefined;
  }
}

function url(uiBaseUrl: string, kind: ReferenceKind | 'mlmodel', fqn: string, table?: string): string | undefined {
  const e = encodeURIComponent;
  switch (kind) {
    case 'table':
      return `${uiBaseUrl}/table/${e(fqn)}`;
    case 'column':
      return table ? `${uiBaseUrl}/table/${e(table)}` : undefined;
    case 'dashboard':
      return `${uiBaseUrl}/dashboard/${e(fqn)}`;
    case 'mlmodel':
      return `${uiBaseUrl}/mlmodel/${e(fqn)}`;
    case 'service':
      return `${uiBaseUrl}/service/mlmodelServices/${e(fqn)}`;
    case 'user':
      return `${uiBaseUrl}/users/${e(fqn)}`;
    case 'team':
      return `${uiBaseUrl}/settings/members/teams/${e(fqn)}`;
    case 'tag': {
      const classification = splitFqn(fqn)?.[0] ?? fqn;
      return `${uiBaseUrl}/tags/${e(classification)}`;
    }
  }
}
