// A column's data type (OpenMetadata's column dataType enum) as a feature source `dataType`, by the
// mapping the README's file format section gives. Types outside it (BINARY, UUID, …) have no
// source type: not checked.

const MAPPING: Record<string, string> = {
  VARCHAR: 'string',
  STRING: 'string',
  TEXT: 'string',
  CHAR: 'string',
  INT: 'integer',
  BIGINT: 'integer',
  SMALLINT: 'integer',
  TINYINT: 'integer',
  NUMERIC: 'number',
  DECIMAL: 'number',
  DOUBLE: 'number',
  FLOAT: 'number',
  NUMBER: 'number',
  DATE: 'date',
  TIMESTAMP: 'timestamp',
  DATETIME: 'timestamp',
  BOOLEAN: 'boolean',
  ARRAY: 'array',
  STRUCT: 'object',
  MAP: 'object',
  JSON: 'object',
};

export function sourceTypeOf(columnType: string): string | undefined {
  return MAPPING[columnType.toUpperCase()];
}
