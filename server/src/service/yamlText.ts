// Writing values into YAML text so the file stays valid and means what was intended.

import { resolvePlain } from './yaml/scalar';

/**
 * `value` as a YAML scalar: plain when YAML reads it back as the same string, single-quoted
 * otherwise (a leading quote or indicator, `: `, ` #`, surrounding spaces, or text YAML would read
 * as a number, boolean or null). An FQN with a quoted part, `s.d.x."dim.product"`, stays plain.
 */
export function yamlScalar(value: string): string {
  const plainSafe =
    value !== '' &&
    !/^[\s\-?:,[\]{}#&*!|>'"%@`]/.test(value) &&
    !/[\s]$/.test(value) &&
    !/: |:$| #|\t|\n/.test(value) &&
    typeof resolvePlain(value) === 'string';
  if (plainSafe) return value;
  return `'${value.replace(/'/g, "''")}'`;
}
