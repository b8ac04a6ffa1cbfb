// RFC 6902 JSON Patch over plain JSON values (RFC 6901 pointers), for PATCH /v1/mlmodels/{id}.
// A failing operation throws JsonPatchError and leaves the input untouched.

export class JsonPatchError extends Error {}

type Json = unknown;
type Container = Record<string, Json> | Json[];

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new JsonPatchError(`Invalid JSON pointer ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isContainer(value: Json): value is Container {
  return typeof value === 'object' && value !== null;
}

function arrayIndex(token: string, length: number, forAdd: boolean): number {
  if (forAdd && token === '-') return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) throw new JsonPatchError(`Invalid array index ${token}`);
  const index = Number(token);
  if (index > length || (!forAdd && index === length)) throw new JsonPatchError(`Array index ${index} out of bounds`);
  return index;
}

function parentOf(doc: Json, tokens: string[], pointer: string): Container {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)];
    else if (isContainer(node) && Object.prototype.hasOwnProperty.call(node, token)) node = (node as Record<string, Json>)[token];
    else throw new JsonPatchError(`Path ${pointer} does not exist`);
  }
  if (!isContainer(node)) throw new JsonPatchError(`Path ${pointer} does not exist`);
  return node;
}

function get(doc: Json, pointer: string): Json {
  let node = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)];
    else if (isContainer(node) && Object.prototype.hasOwnProperty.call(node, token)) node = (node as Record<string, Json>)[token];
    else throw new JsonPatchError(`Path ${pointer} does not exist`);
  }
  return node;
}

function add(doc: Json, pointer: string, value: Json): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else parent[last] = value;
  return doc;
}

function remove(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new JsonPatchError('Cannot remove the document root');
  const parent = parentOf(doc, tokens, pointer);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else if (Object.prototype.hasOwnProperty.call(parent, last)) delete parent[last];
  else throw new JsonPatchError(`Path ${pointer} does not exist`);
  return doc;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

export function applyJsonPatch(document: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw new JsonPatchError('A JSON Patch must be an array of operations');
  let doc = clone(document);
  for (const operation of operations) {
    if (!isContainer(operation) || Array.isArray(operation)) throw new JsonPatchError('Invalid JSON Patch operation');
    const { op, path, from, value } = operation as { op?: unknown; path?: unknown; from?: unknown; value?: unknown };
    if (typeof path !== 'string') throw new JsonPatchError('A JSON Patch operation needs a path');
    const needsValue = op === 'add' || op === 'replace' || op === 'test';
    if (needsValue && !('value' in operation)) throw new JsonPatchError(`The ${op} operation needs a value`);
    switch (op) {
      case 'add':
        doc = add(doc, path, clone(value));
        break;
      case 'remove':
        doc = remove(doc, path);
        break;
      case 'replace':
        get(doc, path);
        doc = path === '' ? clone(value) : add(remove(doc, path), path, clone(value));
        break;
      case 'move':
      case 'copy': {
        if (typeof from !== 'string') throw new JsonPatchError(`The ${op} operation needs a from`);
        const moved = clone(get(doc, from));
        if (op === 'move') doc = remove(doc, from);
        doc = add(doc, path, moved);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc, path)) !== JSON.stringify(value)) throw new JsonPatchError(`Test failed at ${path}`);
        break;
      default:
        throw new JsonPatchError(`Unknown JSON Patch operation ${String(op)}`);
    }
  }
  return doc;
}
