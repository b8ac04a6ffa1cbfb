// Plain JavaScript values of YAML nodes, for the schema validator and the publish compiler.

import type { ScalarNode, YamlNode } from './ast';
import { resolvePlain } from './scalar';

/** Thrown when aliases expand a document past the budget (a "billion laughs" file). */
export class AliasExpansionError extends Error {
  constructor(readonly node: YamlNode) {
    super('The document expands to too many values through aliases.');
  }
}

export interface ToJSOptions {
  /** Most nodes aliases may add by expansion. */
  aliasBudget?: number;
}

export const DEFAULT_ALIAS_BUDGET = 100_000;

export function toJS(node: YamlNode, options: ToJSOptions = {}): unknown {
  const budget = { left: options.aliasBudget ?? DEFAULT_ALIAS_BUDGET };
  return convert(node, budget, false);
}

function convert(node: YamlNode, budget: { left: number }, viaAlias: boolean): unknown {
  if (viaAlias && --budget.left < 0) throw new AliasExpansionError(node);
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'alias':
      return node.target ? convert(node.target, budget, true) : null;
    case 'seq': {
      const out = new Array(node.items.length);
      for (let i = 0; i < node.items.length; i++) out[i] = convert(node.items[i], budget, viaAlias);
      return out;
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const pair of node.pairs) {
        const key = keyString(pair.key);
        const value = convert(pair.value, budget, viaAlias);
        // A `__proto__` key is data, never the object's prototype.
        if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
        else out[key] = value;
      }
      return out;
    }
  }
}

/** The property name a key becomes: plain keys resolve like values (`null:` is ""; `1.0:` is "1"). */
export function keyString(key: ScalarNode): string {
  if (key.style !== 'plain') return String(key.value ?? '');
  const v = resolvePlain(String(key.value));
  return v === null ? '' : String(v);
}
