// What importing an MLflow `MLmodel` file gives (mlmodel/importMlflow, and `mlmodel import-mlflow`).
// Built by server/src/mlflow/convert.ts.

export type MlflowImportResult =
  | {
      ok: true;
      name: string;
      /** `<name>.mlmodel.yaml`, the name made fit for a file. */
      fileName: string;
      text: string;
      warnings: string[];
    }
  | { ok: false; message: string };
