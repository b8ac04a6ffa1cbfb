// The CLI's version: package.json's, set by the bundler (`dev` when run from the compiled sources).

declare const MLMODEL_VERSION: string | undefined;
export const version = typeof MLMODEL_VERSION === 'string' ? MLMODEL_VERSION : 'dev';
