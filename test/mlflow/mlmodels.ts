// MLmodel files as MLflow writes them (`yaml.safe_dump` of `Model.to_dict()`: keys sorted, long
// strings folded over lines, the signature's schemas as JSON text), for the import tests.

/** scikit-learn, MLflow 2: a run-relative artifact path, a column signature, a registered name in metadata. */
export const SKLEARN = `artifact_path: model
flavors:
  python_function:
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.sklearn
    model_path: model.pkl
    predict_fn: predict
    python_version: 3.10.12
  sklearn:
    code: null
    pickled_model: model.pkl
    serialization_format: cloudpickle
    sklearn_version: 1.3.2
metadata:
  registered_model_name: churn_classifier
mlflow_version: 2.9.2
model_size_bytes: 5123
model_uuid: 0f5b3c6a2f7e4c1d9a8b7c6d5e4f3a2b
run_id: 8ede7df408dd42ed9fc39019ef7df309
signature:
  inputs: '[{"type": "string", "name": "plan", "required": true}, {"type": "boolean",
    "name": "auto_renew", "required": true}, {"type": "long", "name": "tenure_days",
    "required": true}, {"type": "double", "name": "monthly_charges", "required": true},
    {"type": "datetime", "name": "signup_date", "required": true}, {"type": "integer",
    "name": "support calls (90d)", "required": false}]'
  outputs: '[{"type": "long", "name": "churned", "required": true}]'
  params: null
utc_time_created: '2024-01-12 05:17:31.634689'
`;

/** XGBoost, MLflow 3: the artifact path is the logged model's URI; the output is unnamed. */
export const XGBOOST = `artifact_path: s3://mlflow-artifacts/1/models/m-4b1c2d3e5f60718293a4b5c6d7e8f901/artifacts
flavors:
  python_function:
    data: model.xgb
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.xgboost
    python_version: 3.11.7
  xgboost:
    code: null
    data: model.xgb
    model_class: xgboost.sklearn.XGBClassifier
    model_format: xgb
    xgb_version: 2.0.3
is_signature_from_type_hint: false
mlflow_version: 3.1.0
model_id: m-4b1c2d3e5f60718293a4b5c6d7e8f901
model_size_bytes: 211394
model_uuid: m-4b1c2d3e5f60718293a4b5c6d7e8f901
run_id: 5f2d0c1e9b8a47d6a3c2b1a0f9e8d7c6
signature:
  inputs: '[{"type": "double", "name": "sepal length (cm)", "required": true}, {"type":
    "double", "name": "sepal width (cm)", "required": true}, {"type": "double", "name":
    "petal length (cm)", "required": true}, {"type": "double", "name": "petal width
    (cm)", "required": true}]'
  outputs: '[{"type": "long", "required": true}]'
  params: null
type_hint_from_example: false
utc_time_created: '2025-06-30 10:02:11.120394'
`;

/** PyTorch: one unnamed tensor in, one out. */
export const PYTORCH = `artifact_path: mnist_cnn
flavors:
  python_function:
    data: data
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.pytorch
    pickle_module_name: mlflow.pytorch.pickle_module
    python_version: 3.10.12
  pytorch:
    code: null
    model_data: data
    pytorch_version: 2.1.2
mlflow_version: 2.9.2
model_uuid: 3d22615565ae4f5f896d3a05072b552f
run_id: 7ee5e476cc964a99beec2f4269f8e811
signature:
  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 1,
    28, 28]}}]'
  outputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 10]}}]'
  params: null
utc_time_created: '2024-02-01 08:00:00.000000'
`;

/** LightGBM saved with save_model (no run, no artifact path) and without a signature. */
export const LIGHTGBM_NO_SIGNATURE = `flavors:
  lightgbm:
    code: null
    data: model.lgb
    lgb_version: 4.1.0
    model_class: lightgbm.basic.Booster
  python_function:
    data: model.lgb
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.lightgbm
    python_version: 3.10.12
mlflow_version: 2.9.2
model_uuid: 9a8b7c6d5e4f40312a1b2c3d4e5f6a7b
utc_time_created: '2024-03-05 14:22:01.000001'
`;

/** A custom pyfunc whose signature uses the newer types: binary, array, object, map, any. */
export const PYFUNC_RICH_TYPES = `artifact_path: ranker
flavors:
  python_function:
    cloudpickle_version: 3.0.0
    code: null
    env:
      conda: conda.yaml
      virtualenv: python_env.yaml
    loader_module: mlflow.pyfunc.model
    python_model: python_model.pkl
    python_version: 3.11.7
mlflow_version: 2.16.0
run_id: 9e123456789012345678901234567890
signature:
  inputs: '[{"type": "binary", "name": "thumbnail", "required": true}, {"type": "array",
    "items": {"type": "string"}, "name": "tags", "required": true}, {"type": "object",
    "properties": {"city": {"type": "string", "required": true}, "zip": {"type": "string",
    "required": false}}, "name": "address", "required": true}, {"type": "map", "values":
    {"type": "double"}, "name": "scores", "required": true}, {"type": "any", "name": "extra",
    "required": false}, {"type": "float", "name": "price", "required": true}]'
  outputs: '[{"type": "double", "name": "rank", "required": true}, {"type": "string",
    "name": "explanation", "required": true}]'
  params: '[{"name": "top_k", "type": "long", "default": 10, "shape": null}]'
utc_time_created: '2024-09-09 09:09:09.000000'
`;
