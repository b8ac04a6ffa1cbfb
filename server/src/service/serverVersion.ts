// The rules of the language service that depend on the OpenMetadata version the catalog runs:
// kept in this one file so the product's capability table (openmetadata/capabilities.ts) can take
// them over. The service cannot import openmetadata/, so it reads the version string itself.

/** `1.9.17.6`, `2.0.0-SNAPSHOT` → [1, 9]; undefined when the server did not say. */
export function majorMinor(version: string | undefined): [number, number] | undefined {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/** Whether `version` is `major.minor` or later; an unknown version counts as the newest. */
export function atLeast(version: string | undefined, major: number, minor: number): boolean {
  const v = majorMinor(version);
  return !v || v[0] > major || (v[0] === major && v[1] >= minor);
}

/**
 * Whether a PUT merges each feature's tags with the stored feature's, so a tag the server has on a
 * feature stays and is checked with the file's (MlModelRepository.updateMlFeatures on the newest
 * line; the sandbox plays it from 2.0, and its README says why that placement is uncertain).
 */
export function featureTagsMergedOnPut(version: string | undefined): boolean {
  return atLeast(version, 2, 0);
}
