// Stable entity ids: a UUID v5 of `<entityType>:<fullyQualifiedName>`, so the committed seed, the
// generated benchmark tables and every sandbox run agree on ids without storing them.
import { createHash } from 'node:crypto';

const NAMESPACE = Buffer.from('3b2f6c4e9a1d4f0e8c7b5a6d2e1f0a9b', 'hex');

export function stableUuid(entityType: string, fullyQualifiedName: string): string {
  const hash = createHash('sha1').update(NAMESPACE).update(`${entityType}:${fullyQualifiedName}`, 'utf8').digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
