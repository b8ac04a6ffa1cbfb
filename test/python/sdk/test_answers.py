"""The answer checker itself: it must report what the SDK's models refuse and what they silently drop,
or the peer suite could pass on answers a real SDK user would lose data from."""
from __future__ import annotations

from metadata.generated.schema.type.entityLineage import LineageDetails

from answers import Answer, check_answer, problems

MODEL_ID = "6c1b1a52-5b9c-4d0c-9d0e-0a1b2c3d4e5f"
SERVICE = {"id": "8f0a2f5e-1d2c-4b3a-9e8f-7a6b5c4d3e2f", "type": "mlmodelService", "name": "mlflow_svc"}


def model(**extra):
    return {"id": MODEL_ID, "name": "m", "algorithm": "a", "service": SERVICE, **extra}


def test_a_clean_answer_has_no_problems():
    assert check_answer(Answer("GET", f"/api/v1/mlmodels/{MODEL_ID}", "", 200, model(version=0.1))) == []


def test_a_key_a_forbidding_model_does_not_know_is_reported():
    found = check_answer(Answer("GET", "/api/v1/mlmodels/name/svc.m", "", 200, model(notAField="x")))
    assert found and "notAField" in found[0] and "Extra inputs are not permitted" in found[0]


def test_a_key_a_lenient_model_would_drop_is_reported():
    # LineageDetails ignores unknown keys instead of refusing them: the key is lost, and said so.
    assert problems(LineageDetails, {"sqlQuery": "select 1", "madeUp": 1}, "edge") == [
        "edge.madeUp: the SDK's LineageDetails model has no such field (dropped)"
    ]


def test_a_nested_unknown_key_is_reported_with_its_path():
    found = check_answer(Answer("GET", "/api/v1/mlmodels", "", 200, {"data": [model(mlStore={"storage": "s3://x", "bucket": "b"})], "paging": {"total": 1}}))
    assert len(found) == 1 and found[0].startswith("/api/v1/mlmodels.data[0].mlStore.bucket")


def test_an_answer_no_model_covers_is_a_problem():
    assert check_answer(Answer("GET", "/api/v1/somethingNew", "", 200, {"a": 1})) == [
        "GET /api/v1/somethingNew: no SDK model is known for this answer (add it to answers.ROUTES)"
    ]
