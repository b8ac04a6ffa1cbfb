"""Logs three small scikit-learn models with the real MLflow into a fresh local tracking store and
prints where each `MLmodel` file is: the files `mlmodel import-mlflow` reads in the wild.

- `churn_signature`: a signature inferred from a DataFrame with string, integer, float, boolean and
  datetime columns (MLflow types string, long, double, boolean, datetime), output a long.
- `churn_no_signature`: the same kind of model logged without a signature.
- `digits_tensor`: a signature inferred from numpy arrays (a tensor spec).

The suite calls log_all(); by hand: python log_models.py OUT_DIR prints {name: path of its MLmodel file}.
"""
from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import mlflow
import mlflow.sklearn
from mlflow.models import infer_signature
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model import RidgeClassifier


def frame() -> tuple[pd.DataFrame, pd.Series]:
    rows = 40
    rng = np.random.default_rng(7)
    features = pd.DataFrame(
        {
            "plan": rng.choice(["basic", "pro", "team"], rows),
            "seats": rng.integers(1, 50, rows),
            "monthly_spend": rng.random(rows) * 100,
            "is_trial": rng.choice([True, False], rows),
            "signup_date": pd.date_range("2024-01-01", periods=rows, freq="D"),
        }
    )
    churned = pd.Series(rng.integers(0, 2, rows), name="churned")
    return features, churned


def encoded(features: pd.DataFrame) -> pd.DataFrame:
    """What the model itself is trained on: numbers only."""
    return pd.DataFrame(
        {
            "plan": features["plan"].map({"basic": 0, "pro": 1, "team": 2}),
            "seats": features["seats"],
            "monthly_spend": features["monthly_spend"],
            "is_trial": features["is_trial"].astype(int),
            "signup_day": features["signup_date"].dt.dayofweek,
        }
    )


def model_file(info) -> str:
    """The MLmodel file of a logged model, from its artifact location on the local store."""
    location = mlflow.artifacts.download_artifacts(info.model_uri)
    path = Path(location) / "MLmodel"
    if not path.is_file():
        raise SystemExit(f"no MLmodel file at {path}")
    return str(path)


def log_all(out: Path) -> dict[str, str]:
    """Logs the three models under `out`; their MLmodel files by model name."""
    warnings.filterwarnings("ignore")
    out.mkdir(parents=True, exist_ok=True)
    # MLflow 3's default kind of store: a database (SQLite here) with artifacts in a folder.
    mlflow.set_tracking_uri(f"sqlite:///{(out / 'mlflow.db').resolve()}")
    experiment = mlflow.create_experiment("mlmodel-yaml", artifact_location=(out / "artifacts").resolve().as_uri())
    mlflow.set_experiment(experiment_id=experiment)
    features, churned = frame()
    produced: dict[str, str] = {}

    with mlflow.start_run(run_name="churn_signature"):
        model = RidgeClassifier().fit(encoded(features), churned)
        signature = infer_signature(features, churned)
        info = mlflow.sklearn.log_model(model, name="churn_signature", signature=signature, registered_model_name=None)
        produced["churn_signature"] = model_file(info)

    with mlflow.start_run(run_name="churn_no_signature"):
        model = LogisticRegression(max_iter=200).fit(encoded(features), churned)
        info = mlflow.sklearn.log_model(model, name="churn_no_signature")
        produced["churn_no_signature"] = model_file(info)

    with mlflow.start_run(run_name="digits_tensor"):
        pixels = np.random.default_rng(3).random((30, 8, 8)).astype(np.float32)
        labels = np.random.default_rng(4).integers(0, 10, 30)
        model = LogisticRegression(max_iter=300).fit(pixels.reshape(30, -1), labels)
        info = mlflow.sklearn.log_model(model, name="digits_tensor", signature=infer_signature(pixels, labels))
        produced["digits_tensor"] = model_file(info)

    return produced


if __name__ == "__main__":
    print(json.dumps(log_all(Path(sys.argv[1]))))
