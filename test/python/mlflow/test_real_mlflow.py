"""Real MLflow `MLmodel` files (logged by log_models.py with the MLflow and scikit-learn releases
pinned in requirements-mlflow.txt) imported with the built `mlmodel import-mlflow`: each result
validates; once given a service and its feature sources, it publishes to `mlmodel sandbox` with its
lineage, and the sandbox holds what the file says.
"""
from __future__ import annotations

import json
import sys
import urllib.request
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import log_models  # noqa: E402
from sandbox_process import TOKEN, Sandbox  # noqa: E402

SHOPIFY = "sample_data.ecommerce_db.shopify"


@pytest.fixture(scope="session")
def mlmodel_files(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("mlflow")
    return {name: Path(path) for name, path in log_models.log_all(out).items()}


@pytest.fixture(scope="session")
def sandbox():
    started = Sandbox()
    yield started
    started.stop()


def imported(sandbox: Sandbox, mlmodel: Path, out: Path) -> dict:
    """`mlmodel import-mlflow MLmodel -o out`, then `mlmodel validate out`: both must succeed."""
    result = sandbox.cli("import-mlflow", str(mlmodel), "-o", str(out))
    assert result.returncode == 0, result.stderr
    validated = sandbox.cli("validate", str(out), "--format", "json")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert json.loads(validated.stdout)[0]["diagnostics"] == [], validated.stdout
    return yaml.safe_load(out.read_text())


def publish(sandbox: Sandbox, model: dict, path: Path) -> dict:
    """Writes the completed model, validates it against the sandbox's catalog, publishes it."""
    path.write_text(yaml.safe_dump(model, sort_keys=False))
    checked = sandbox.cli("validate", str(path), "--server", sandbox.url, "--format", "json")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert [d for d in json.loads(checked.stdout)[0]["diagnostics"] if d["severity"] == "error"] == []
    result = sandbox.cli("publish", str(path), "--server", sandbox.url, "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    [report] = json.loads(result.stdout)
    assert report["status"] == "published", report
    return report


def stored(sandbox: Sandbox, fqn: str) -> dict:
    request = urllib.request.Request(f"{sandbox.url}/api/v1/mlmodels/name/{fqn}", headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def source(column: str, table: str, data_type: str) -> dict:
    return {"name": column, "dataType": data_type, "dataSource": f"{SHOPIFY}.{table}"}


def test_signature_with_every_column_type(sandbox, mlmodel_files, tmp_path):
    mlmodel = mlmodel_files["churn_signature"]
    model_id = mlmodel.parent.parent.name
    model = imported(sandbox, mlmodel, tmp_path / "churn.mlmodel.yaml")
    assert model["name"] == model_id, "MLflow 3 files carry no logged name: the model id names them"
    assert model["algorithm"] == "scikit-learn"
    assert model["target"] == "churned"
    assert model["mlStore"] == {"storage": mlmodel.parent.as_uri()}
    assert model["mlFeatures"] == [
        {"name": "plan", "dataType": "categorical"},
        {"name": "seats", "dataType": "numerical"},
        {"name": "monthly_spend", "dataType": "numerical"},
        {"name": "is_trial", "dataType": "categorical"},
        {"name": "signup_date"},
    ], "string and boolean categorical, long and double numerical, datetime left for the author"

    sources = {
        "plan": source("membership", "raw_customer", "string"),
        "seats": source("total_order_count", "dim_customer", "number"),
        "monthly_spend": source("total_sales", "fact_sale", "number"),
        "is_trial": source("new", "dim_customer", "boolean"),
        "signup_date": source("created_at", "dim_customer", "timestamp"),
    }
    model["name"] = "churn_from_mlflow"
    model["service"] = "mlflow_svc"
    for feature in model["mlFeatures"]:
        feature["featureSources"] = [sources[feature["name"]]]
    model["mlFeatures"][4]["dataType"] = "numerical"
    report = publish(sandbox, model, tmp_path / "churn.mlmodel.yaml")
    assert report["version"]["to"] == 0.1
    assert sorted(report["lineage"]["written"]) == sorted(f"{SHOPIFY}.{t}" for t in ("raw_customer", "dim_customer", "fact_sale"))
    entity = stored(sandbox, "mlflow_svc.churn_from_mlflow")
    assert entity["target"] == "churned" and entity["mlStore"]["storage"] == mlmodel.parent.as_uri()
    assert [f["featureSources"][0]["fullyQualifiedName"] for f in entity["mlFeatures"]] == [
        f"{SHOPIFY}.raw_customer.membership",
        f"{SHOPIFY}.dim_customer.total_order_count",
        f"{SHOPIFY}.fact_sale.total_sales",
        f"{SHOPIFY}.dim_customer.new",
        f"{SHOPIFY}.dim_customer.created_at",
    ]


def test_no_signature(sandbox, mlmodel_files, tmp_path):
    mlmodel = mlmodel_files["churn_no_signature"]
    model = imported(sandbox, mlmodel, tmp_path / "plain.mlmodel.yaml")
    assert model["name"] == mlmodel.parent.parent.name
    assert "mlFeatures" not in model and "target" not in model, "nothing is invented without a signature"
    model["service"] = "mlflow_svc"
    report = publish(sandbox, model, tmp_path / "plain.mlmodel.yaml")
    assert report["lineage"]["tables"] == []
    assert stored(sandbox, f"mlflow_svc.{model['name']}")["algorithm"] == "scikit-learn"


def test_tensor_signature(sandbox, mlmodel_files, tmp_path):
    mlmodel = mlmodel_files["digits_tensor"]
    model = imported(sandbox, mlmodel, tmp_path / "digits.mlmodel.yaml")
    assert model["mlFeatures"] == [{"name": "input_0"}], "one unnamed tensor: one feature, its dataType left to the author"
    assert "target" not in model, "the output tensor is unnamed"
    model.update(name="digits_from_mlflow", service="mlflow_svc", target="digit")
    model["mlFeatures"][0].update(name="pixels", dataType="numerical", featureSources=[source("quantity", "fact_sale", "number")])
    report = publish(sandbox, model, tmp_path / "digits.mlmodel.yaml")
    assert report["lineage"]["written"] == [f"{SHOPIFY}.fact_sale"]
    assert stored(sandbox, "mlflow_svc.digits_from_mlflow")["mlFeatures"][0]["name"] == "pixels"
