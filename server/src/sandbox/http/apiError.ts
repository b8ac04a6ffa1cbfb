// An error response as OpenMetadata sends it: Dropwizard's `{code, message}` with that status.
// Messages follow CatalogExceptionMessage so clients written against the real server see the same text.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** `CatalogExceptionMessage.entityNotFound`: "table instance for <id or fqn> not found". */
export function entityNotFound(entityType: string, idOrFqn: string): ApiError {
  return new ApiError(404, `${entityType} instance for ${idOrFqn} not found`);
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, message);
}

/** Jackson could not map the body onto the request type (unknown field, wrong type, bad enum). */
export function invalidRequestFormat(): ApiError {
  return new ApiError(400, 'Invalid request format');
}

/** Bean-validation failures, formatted like ConstraintViolationExceptionMapper: "[name must not be null]". */
export function constraintViolations(violations: string[]): ApiError {
  return new ApiError(400, `[${violations.join(', ')}]`);
}

export function conflict(): ApiError {
  return new ApiError(409, 'Entity already exists');
}
