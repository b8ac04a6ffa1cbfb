"""Every answer the sandbox gives the SDK, checked against the SDK's own generated models.

The SDK parses answers itself (`MlModel(**resp)`), but some of its models ignore keys they do not
know instead of refusing them, and several SDK calls hand back raw dicts (lineage) or swallow errors
(search, lineage). So the suite records each raw JSON answer off the SDK's HTTP session and checks
it here: `model_validate` must pass, and every key of the answer must survive into the parsed model
(a key the model dropped is a field this SDK version does not know: a real server of that version
would not send it).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from metadata.generated.schema.api.openMetadataServerVersion import OpenMetadataServerVersion
from metadata.generated.schema.entity.classification.classification import Classification
from metadata.generated.schema.entity.classification.tag import Tag
from metadata.generated.schema.entity.data.dashboard import Dashboard
from metadata.generated.schema.entity.data.mlmodel import MlModel
from metadata.generated.schema.entity.data.table import Table
from metadata.generated.schema.entity.services.mlmodelService import MlModelService
from metadata.generated.schema.entity.teams.team import Team
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.type.entityHistory import EntityVersionHistory
from metadata.generated.schema.type.entityLineage import EntityLineage, LineageDetails
from metadata.generated.schema.type.paging import Paging
from metadata.ingestion.ometa.mixins.es_mixin import ESResponse


@dataclass
class Answer:
    method: str
    path: str
    query: str
    status: int
    body: Any


def problems(model: type[BaseModel], raw: Any, where: str) -> list[str]:
    """Why `raw` does not parse into `model` whole: validation errors, then keys the model dropped."""
    try:
        parsed = model.model_validate(raw)
    except ValidationError as error:
        return [f"{where}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
    dumped = parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return [f"{where}.{path}: the SDK's {model.__name__} model has no such field (dropped)" for path in dropped(raw, dumped)]


def dropped(raw: Any, dumped: Any, path: str = "") -> list[str]:
    if isinstance(raw, dict) and isinstance(dumped, dict):
        out = []
        for key, value in raw.items():
            here = f"{path}.{key}" if path else key
            if key not in dumped:
                out.append(here)
            else:
                out.extend(dropped(value, dumped[key], here))
        return out
    if isinstance(raw, list) and isinstance(dumped, list):
        return [p for i, (r, d) in enumerate(zip(raw, dumped)) for p in dropped(r, d, f"{path}[{i}]")]
    return []


def _entity(model: type[BaseModel]) -> Callable[[Answer], list[str]]:
    return lambda a: problems(model, a.body, a.path)


def _list(model: type[BaseModel]) -> Callable[[Answer], list[str]]:
    def check(a: Answer) -> list[str]:
        out = [p for i, item in enumerate(a.body.get("data", [])) for p in problems(model, item, f"{a.path}.data[{i}]")]
        return out + problems(Paging, a.body.get("paging"), f"{a.path}.paging")

    return check


def _history(a: Answer) -> list[str]:
    # Each past version is a JSON string of the entity as it was: parse those too.
    out = problems(EntityVersionHistory, a.body, a.path)
    for i, text in enumerate(a.body.get("versions", [])):
        out += problems(MlModel, json.loads(text) if isinstance(text, str) else text, f"{a.path}.versions[{i}]")
    return out


def _lineage_edge(a: Answer) -> list[str]:
    # LineageRepository.getLineageEdge answers {"edge": <LineageDetails>}; the SDK reads it as a dict.
    extra = [f"{a.path}.{k}: not part of a lineage edge answer" for k in a.body if k != "edge"]
    return extra + problems(LineageDetails, a.body.get("edge"), f"{a.path}.edge")


def _search(a: Answer) -> list[str]:
    # A raw Elasticsearch answer: no generated model exists for it. The SDK reads it through its own
    # ESResponse when paging (sorted queries, which must carry `sort`), else as a dict; `_source` is
    # the search document, which on a real server has index-only keys, so it is not an entity.
    if "sort_field=" in a.query:
        # ESResponse is the SDK's hand-written partial view of the envelope (it keeps `hits` only).
        try:
            ESResponse.model_validate(a.body)
        except ValidationError as error:
            return [f"{a.path}.{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()]
    hits = a.body.get("hits", {}).get("hits") if isinstance(a.body, dict) else None
    if not isinstance(hits, list) or any(not {"_index", "_id", "_source"} <= set(h) for h in hits):
        return [f"{a.path}: not an Elasticsearch answer (hits.hits[] with _index, _id, _source)"]
    return []


ID = r"[0-9a-fA-F-]{36}"
ENTITY_COLLECTIONS = {
    "mlmodels": MlModel,
    "tables": Table,
    "users": User,
    "teams": Team,
    "tags": Tag,
    "classifications": Classification,
    "dashboards": Dashboard,
    "services/mlmodelServices": MlModelService,
}

ROUTES: list[tuple[str, str, Callable[[Answer], list[str]]]] = [
    ("GET", r"/api/v1/system/version", _entity(OpenMetadataServerVersion)),
    ("GET", r"/api/v1/lineage/getLineageEdge/" + ID + "/" + ID, _lineage_edge),
    ("GET", r"/api/v1/lineage/[^/]+/(name/[^/]+|" + ID + ")", _entity(EntityLineage)),
    ("PATCH", r"/api/v1/lineage/[^/]+/" + ID + "/[^/]+/" + ID, _entity(LineageDetails)),
    ("GET", r"/api/v1/search/(query|fieldQuery)", _search),
    ("GET", r"/api/v1/mlmodels/" + ID + "/versions", _history),
    ("GET", r"/api/v1/mlmodels/" + ID + r"/versions/[0-9.]+", _entity(MlModel)),
]
for collection, model in ENTITY_COLLECTIONS.items():
    base = "/api/v1/" + collection
    ROUTES += [
        ("GET", base, _list(model)),
        ("PUT|POST", base, _entity(model)),
        ("GET|PATCH|DELETE", base + "/(name/[^/]+|" + ID + ")", _entity(model)),
    ]


def check_answer(a: Answer) -> list[str]:
    """Problems of one answer; an answer no route names is itself a problem (nothing goes unchecked)."""
    if a.status >= 400 or a.body is None or a.body == "":
        return []
    for methods, pattern, check in ROUTES:
        if re.fullmatch(methods, a.method) and re.fullmatch(pattern, a.path):
            return check(a)
    return [f"{a.method} {a.path}: no SDK model is known for this answer (add it to answers.ROUTES)"]


class Recorder:
    """Hooked on the SDK's requests.Session: every answer, with its JSON body."""

    def __init__(self) -> None:
        self.answers: list[Answer] = []

    def __call__(self, response, *args, **kwargs):  # requests response hook
        try:
            body: Optional[Any] = response.json() if response.content else None
        except ValueError:
            body = response.text
        url = urlsplit(response.request.url)
        self.answers.append(Answer(response.request.method, url.path, url.query, response.status_code, body))
        return response

    def take(self) -> list[Answer]:
        taken, self.answers = self.answers, []
        return taken
