"""OpenMetadata's own Python SDK (`openmetadata-ingestion`, the release matching the version the
sandbox plays) as a peer client of `mlmodel sandbox`: what the SDK does against a real server for ML
models, their lineage and the catalog the product completes from, it must do against the sandbox.

Expected versions are written out from upstream's rules (EntityUtil.nextVersion / nextMajorVersion,
MlModelRepository.MlModelUpdater; see ../shared/openmetadata/CONTRACT.md §5), never computed by our
code: new entity 0.1; a changed description, feature, hyperparameter, dashboard, mlStore or
sourceUrl +0.1; a changed algorithm, target or server +1.0; a PUT that changes nothing keeps it.
"""
from __future__ import annotations

import pytest

from metadata.generated.schema.api.data.createMlModel import CreateMlModelRequest
from metadata.generated.schema.api.lineage.addLineage import AddLineageRequest
from metadata.generated.schema.entity.classification.classification import Classification
from metadata.generated.schema.entity.classification.tag import Tag
from metadata.generated.schema.entity.data.dashboard import Dashboard
from metadata.generated.schema.entity.data.mlmodel import (
    FeatureSource,
    MlFeature,
    MlHyperParameter,
    MlModel,
    MlStore,
)
from metadata.generated.schema.entity.data.table import Table
from metadata.generated.schema.entity.services.mlmodelService import MlModelService
from metadata.generated.schema.entity.teams.team import Team
from metadata.generated.schema.entity.teams.user import User
from metadata.generated.schema.type.entityLineage import EntitiesEdge
from metadata.generated.schema.type.tagLabel import LabelType, State, TagLabel, TagSource

SHOPIFY = "sample_data.ecommerce_db.shopify"
FACT_SALE = f"{SHOPIFY}.fact_sale"
RAW_CUSTOMER = f"{SHOPIFY}.raw_customer"
DIM_PRODUCT = f'{SHOPIFY}."dim.product"'
DASHBOARD = "sample_superset.eta_predictions_performance"


def version(entity) -> float:
    return entity.version.root


def ids(refs) -> set[str]:
    return {str(r) for r in refs}


def tier1() -> TagLabel:
    return TagLabel(tagFQN="Tier.Tier1", source=TagSource.Classification, labelType=LabelType.Manual, state=State.Confirmed)


def eta_request(om, name: str, **changes) -> CreateMlModelRequest:
    """OpenMetadata's sample `eta_predictions`, as an SDK user writes it (references by the SDK's helper)."""
    fact_sale = om.get_entity_reference(Table, FACT_SALE)
    raw_customer = om.get_entity_reference(Table, RAW_CUSTOMER)
    assert fact_sale and raw_customer, "the sample tables are in the sandbox"
    fields = dict(
        name=name,
        displayName="ETA Predictions",
        description="ETA Predictions Model",
        algorithm="Neural Network",
        service="mlflow_svc",
        dashboard=DASHBOARD,
        mlStore=MlStore(storage="s3://path-to-pickle", imageRepository="https://docker.hub.com/image"),
        server="http://my-server.ai",
        target="ETA_time",
        mlFeatures=[
            MlFeature(
                name="sales",
                dataType="numerical",
                description="Sales amount",
                featureSources=[FeatureSource(name="gross_sales", dataType="integer", dataSource=fact_sale)],
            ),
            MlFeature(
                name="persona",
                dataType="categorical",
                description="type of buyer",
                featureAlgorithm="PCA",
                featureSources=[
                    FeatureSource(name="membership", dataType="string", dataSource=raw_customer),
                    FeatureSource(name="platform", dataType="string", dataSource=raw_customer),
                ],
            ),
        ],
        mlHyperParameters=[MlHyperParameter(name="regularisation", value="0.5"), MlHyperParameter(name="random", value="hello")],
        tags=[tier1()],
        sourceUrl="https://mlflow.example.com/#/models/eta",
    )
    fields.update(changes)
    return CreateMlModelRequest(**fields)


def test_the_sdk_accepts_the_sandbox_version(om, sandbox):
    # OpenMetadata(…) with enableVersionValidation already compared major.minor; the answer parses.
    assert om.health_check()
    assert om.get_server_version().count(".") >= 2


def test_create_then_update_versions_as_upstream(om):
    created = om.create_or_update(eta_request(om, "sdk_versions"))
    assert version(created) == 0.1
    assert created.fullyQualifiedName.root == "mlflow_svc.sdk_versions"
    assert [f.fullyQualifiedName.root for f in created.mlFeatures] == ["mlflow_svc.sdk_versions.sales", "mlflow_svc.sdk_versions.persona"]
    # featureSource FQN = dataSource FQN + "." + source name (MlModelRepository.setFullyQualifiedName)
    assert created.mlFeatures[0].featureSources[0].fullyQualifiedName.root == f"{FACT_SALE}.gross_sales"
    assert created.dashboard.fullyQualifiedName == DASHBOARD
    assert created.service.name == "mlflow_svc" and created.serviceType.value == "Mlflow"

    same = om.create_or_update(eta_request(om, "sdk_versions"))
    assert version(same) == 0.1, "a PUT that changes nothing keeps the version"

    described = om.create_or_update(eta_request(om, "sdk_versions", description="Predicts delivery time"))
    assert version(described) == 0.2
    change = described.changeDescription
    assert [f.name.root for f in change.fieldsUpdated] == ["description"] and change.previousVersion.root == 0.1
    assert change.fieldsUpdated[0].oldValue == "ETA Predictions Model" and change.fieldsUpdated[0].newValue == "Predicts delivery time"

    major = om.create_or_update(eta_request(om, "sdk_versions", description="Predicts delivery time", algorithm="XGBoost"))
    assert version(major) == 1.2, "nextMajorVersion(0.2) = round((0.2 + 1.0) * 10) / 10"
    assert [f.name.root for f in major.changeDescription.fieldsUpdated] == ["algorithm"]

    params = [MlHyperParameter(name="regularisation", value="0.7"), MlHyperParameter(name="random", value="hello")]
    minor = om.create_or_update(eta_request(om, "sdk_versions", description="Predicts delivery time", algorithm="XGBoost", mlHyperParameters=params))
    assert version(minor) == 1.3, "an edited hyperparameter is a minor change"

    target = om.create_or_update(
        eta_request(om, "sdk_versions", description="Predicts delivery time", algorithm="XGBoost", mlHyperParameters=params, target="eta_minutes")
    )
    assert version(target) == 2.3
    server = om.create_or_update(
        eta_request(
            om, "sdk_versions", description="Predicts delivery time", algorithm="XGBoost", mlHyperParameters=params, target="eta_minutes", server="http://other.ai"
        )
    )
    assert version(server) == 3.3

    history = om.get_list_entity_versions(server.id, MlModel)
    assert [float(v) for v in [__import__("json").loads(t)["version"] for t in history.versions]] == [3.3, 2.3, 1.3, 1.2, 0.2, 0.1]
    old = om.get_entity_version(MlModel, server.id, 0.2)
    assert version(old) == 0.2 and old.algorithm == "Neural Network"


def test_a_put_merges_tags_and_keeps_owners(om):
    owner = om.get_by_name(User, "aaron_johnson0")
    request = eta_request(om, "sdk_tags", owners=[{"id": owner.id, "type": "user"}])
    created = om.create_or_update(request)
    assert [t.tagFQN.root for t in created.tags] == ["Tier.Tier1"]
    pii = TagLabel(tagFQN="PII.Sensitive", source=TagSource.Classification, labelType=LabelType.Manual, state=State.Confirmed)
    updated = om.create_or_update(eta_request(om, "sdk_tags", tags=[pii], owners=None))
    assert sorted(t.tagFQN.root for t in updated.tags) == ["PII.Sensitive", "Tier.Tier1"], "PUT merges tags, never removes them"
    assert version(updated) == 0.2
    fetched = om.get_by_name(MlModel, "mlflow_svc.sdk_tags", fields=["owners", "tags"])
    assert [o.name for o in fetched.owners.root] == ["aaron_johnson0"], "a PUT without owners keeps them"


def test_get_by_name_and_id_with_every_field(om):
    created = om.create_or_update(eta_request(om, "sdk_fields"))
    # Upstream accepts any property of the entity in `fields` (EntityRepository.allowedFields is the
    # entity's JsonPropertyOrder), so every field the SDK's model has is a field the SDK may ask for.
    every = [field.alias or name for name, field in MlModel.model_fields.items()]
    by_name = om.get_by_name(MlModel, "mlflow_svc.sdk_fields", fields=every)
    assert by_name is not None
    assert by_name.dashboard.fullyQualifiedName == DASHBOARD
    assert [t.tagFQN.root for t in by_name.tags] == ["Tier.Tier1"]
    assert by_name.owners is not None and by_name.followers is not None
    star = om.get_by_name(MlModel, "mlflow_svc.sdk_fields", fields=["*"])
    assert star.dashboard is not None and star.tags is not None
    bare = om.get_by_name(MlModel, "mlflow_svc.sdk_fields")
    assert bare.dashboard is None and bare.tags is None, "relationship fields only when asked for"
    by_id = om.get_by_id(MlModel, created.id, fields=["*"])
    assert by_id.fullyQualifiedName == by_name.fullyQualifiedName
    assert om.get_by_name(MlModel, "mlflow_svc.no_such_model") is None


def test_add_mlmodel_lineage_and_read_it_back(om):
    model = om.create_or_update(eta_request(om, "sdk_lineage"))
    fact_sale = om.get_by_name(Table, FACT_SALE)
    raw_customer = om.get_by_name(Table, RAW_CUSTOMER)
    lineage = om.add_mlmodel_lineage(model, description="from the SDK")
    assert lineage and "error" not in lineage, lineage
    upstream = {(e["fromEntity"], e["toEntity"]) for e in lineage["upstreamEdges"]}
    assert upstream == {(str(fact_sale.id.root), str(model.id.root)), (str(raw_customer.id.root), str(model.id.root))}
    assert {n["fullyQualifiedName"] for n in lineage["nodes"]} >= {FACT_SALE, RAW_CUSTOMER}

    by_name = om.get_lineage_by_name(MlModel, "mlflow_svc.sdk_lineage", up_depth=1, down_depth=1)
    assert by_name is not None and by_name["entity"]["id"] == str(model.id.root)
    assert {e["fromEntity"] for e in by_name["upstreamEdges"]} == {str(fact_sale.id.root), str(raw_customer.id.root)}
    from_table = om.get_lineage_by_id(Table, str(fact_sale.id.root), up_depth=0, down_depth=1)
    assert str(model.id.root) in {e["toEntity"] for e in from_table["downstreamEdges"]}

    edge = EntitiesEdge(fromEntity=om.get_entity_reference(Table, FACT_SALE), toEntity=om.get_entity_reference(MlModel, "mlflow_svc.sdk_lineage"))
    om.delete_lineage_edge(edge)
    after = om.get_lineage_by_name(MlModel, "mlflow_svc.sdk_lineage")
    assert {e["fromEntity"] for e in after["upstreamEdges"]} == {str(raw_customer.id.root)}


def test_add_lineage_with_column_details_then_patch(om):
    # add_lineage(check_patch=True) reads the stored edge (GET /lineage/getLineageEdge) and patches
    # its column lineage instead of replacing it, the way the SDK's lineage ingestion writes.
    customer = om.get_entity_reference(Table, RAW_CUSTOMER)
    product = om.get_entity_reference(Table, DIM_PRODUCT)
    first = {"fromColumns": [f"{RAW_CUSTOMER}.comments"], "toColumn": f"{DIM_PRODUCT}.shop_id"}
    request = AddLineageRequest(edge=EntitiesEdge(fromEntity=customer, toEntity=product, lineageDetails={"columnsLineage": [first]}))
    answer = om.add_lineage(request)
    assert "error" not in answer, answer
    stored = om.get_lineage_edge(str(customer.id.root), str(product.id.root))
    assert stored is not None, "GET /lineage/getLineageEdge/{from}/{to} finds the edge"
    second = {"fromColumns": [f"{RAW_CUSTOMER}.platform"], "toColumn": f"{DIM_PRODUCT}.product_id"}
    patched = om.add_lineage(AddLineageRequest(edge=EntitiesEdge(fromEntity=customer, toEntity=product, lineageDetails={"columnsLineage": [second]})), check_patch=True)
    assert "error" not in patched, patched
    edges = [e for e in patched["downstreamEdges"] if e["toEntity"] == str(product.id.root)]
    columns = sorted(c["toColumn"] for c in edges[0]["lineageDetails"]["columnsLineage"])
    assert columns == [f"{DIM_PRODUCT}.product_id", f"{DIM_PRODUCT}.shop_id"], "the patch merged the column lineage"


def test_list_entities_pages_both_ways(om):
    for name in ("sdk_page_a", "sdk_page_b", "sdk_page_c"):
        om.create_or_update(CreateMlModelRequest(name=name, algorithm="Linear", service="mlflow_svc"))
    first = om.list_entities(MlModel, fields=["*"], limit=2)
    assert first.total >= 3 and len(first.entities) == 2 and first.after
    seen = [m.fullyQualifiedName.root for m in first.entities]
    page = first
    while page.after:
        page = om.list_entities(MlModel, limit=2, after=page.after)
        seen += [m.fullyQualifiedName.root for m in page.entities]
    assert len(seen) == len(set(seen)) == first.total
    assert {"mlflow_svc.sdk_page_a", "mlflow_svc.sdk_page_b", "mlflow_svc.sdk_page_c"} <= set(seen)
    back = om.list_entities(MlModel, limit=2, before=page.before)
    assert [m.fullyQualifiedName.root for m in back.entities] == seen[-len(page.entities) - 2 : -len(page.entities)]
    by_service = om.list_entities(MlModel, limit=100, params={"service": "mlflow_svc"})
    assert by_service.total == first.total
    tables = list(om.list_all_entities(Table, fields=["columns", "tags"], limit=5))
    assert len(tables) == 18 and all(t.columns for t in tables)


def test_search_tables_by_fqn(om):
    found = om.es_search_from_fqn(Table, f"{SHOPIFY}.dim_customer")
    assert [t.fullyQualifiedName.root for t in found or []] == [f"{SHOPIFY}.dim_customer"]
    wildcard = om.es_search_from_fqn(Table, "*.dim_customer", fields="columns,tags")
    assert [t.fullyQualifiedName.root for t in wildcard or []] == [f"{SHOPIFY}.dim_customer"]
    assert any(c.tags for c in wildcard[0].columns), "fields reach the entity read"
    quoted = om.search_in_any_service(Table, 'shopify."dim.product"')
    assert quoted is not None and quoted.fullyQualifiedName.root == DIM_PRODUCT
    assert om.es_search_from_fqn(Table, f"{SHOPIFY}.no_such_table") is None
    om.create_or_update(eta_request(om, "sdk_search"))
    models = om.es_search_from_fqn(MlModel, "mlflow_svc.sdk_sea*")
    assert [m.fullyQualifiedName.root for m in models or []] == ["mlflow_svc.sdk_search"]


def test_paginate_search_with_search_after(om):
    # paginate_es sorts by fullyQualifiedName and sends no sort_order: upstream's default is desc.
    tables = [t.fullyQualifiedName.root for t in om.paginate_es(Table, size=5)]
    assert len(tables) == 18 and len(set(tables)) == 18
    assert tables == sorted(tables, key=str.lower, reverse=True), "sorted by the lowercased FQN, descending"


def test_catalog_lookups(om):
    user = om.get_by_name(User, "aaron_johnson0", fields=["*"])
    assert user.email.root == "aaron_johnson0@gmail.com" and user.displayName == "Aaron Johnson"
    team = om.get_by_name(Team, "Sales", fields=["*"])
    assert team.teamType.value == "Group"
    tag = om.get_by_name(Tag, "PII.Sensitive", fields=["*"])
    assert tag.fullyQualifiedName == "PII.Sensitive" and tag.classification.name == "PII"
    assert om.get_by_name(Classification, "Tier").name.root == "Tier"
    tags = om.list_entities(Tag, params={"parent": "PII"})
    assert sorted(t.fullyQualifiedName for t in tags.entities) == ["PII.NonSensitive", "PII.None", "PII.Sensitive"]
    dashboard = om.get_by_name(Dashboard, DASHBOARD, fields=["*"])
    assert dashboard.service.name == "sample_superset"
    service = om.get_by_name(MlModelService, "mlflow_svc", fields=["*"])
    assert service.serviceType.value == "Mlflow"
    table = om.get_by_name(Table, f"{SHOPIFY}.dim_customer", fields=["*"])
    email = next(c for c in table.columns if c.name.root == "email")
    assert [t.tagFQN.root for t in email.tags] == ["PII.Sensitive"]


def test_owner_references_by_name_and_email(om):
    # How the SDK's connectors resolve an owner: the team index, then the user index, each searched
    # with "<name> AND isBot:false" over name and displayName. No team has the first word's match.
    by_name = om.get_reference_by_name("aaron_johnson0")
    assert by_name is not None and [(r.type, r.name) for r in by_name.root] == [("user", "aaron_johnson0")]
    by_display_name = om.get_reference_by_name("Aaron Johnson")
    assert by_display_name is not None and [r.name for r in by_display_name.root] == ["aaron_johnson0"]
    by_email = om.get_reference_by_email("aaron_johnson0@gmail.com")
    assert by_email is not None and [(r.type, r.name) for r in by_email.root] == [("user", "aaron_johnson0")]
    assert om.get_reference_by_name("nobody_at_all_xyz") is None


def test_patch_and_delete(om):
    created = om.create_or_update(CreateMlModelRequest(name="sdk_patch", algorithm="Linear", service="mlflow_svc"))
    patched = om.patch_description(MlModel, source=created, description="Patched by the SDK")
    assert patched is not None and patched.description.root == "Patched by the SDK"
    assert version(patched) == 0.2, "a PATCH of a 0.1 entity is never consolidated: +0.1"
    om.delete(MlModel, created.id)
    assert om.get_by_name(MlModel, "mlflow_svc.sdk_patch") is None, "soft-deleted: not found without include"
    om.delete(MlModel, created.id, hard_delete=True)
    assert om.get_by_id(MlModel, created.id) is None
