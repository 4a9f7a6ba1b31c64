"""The OpenAPI document of /api/v1/: every schema has its own name and every $ref
points at the schema its operation meant."""

import json

import pytest
from ninja import Schema

pytestmark = pytest.mark.django_db

REF_PREFIX = "#/components/schemas/"


def _our_schemas() -> list[type[Schema]]:
    seen, stack, found = set(), [Schema], []
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if sub.__module__.startswith("rongmei."):
                found.append(sub)
    return found


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.fixture
def document(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_every_api_schema_class_has_its_own_name(document):
    names: dict[str, list[str]] = {}
    for cls in _our_schemas():
        names.setdefault(cls.__name__, []).append(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in names.items() if len(where) > 1} == {}


def test_every_ref_resolves(document):
    schemas = document["components"]["schemas"]
    refs = set(_refs(document))
    assert refs, "the document references no schema"
    assert {r for r in refs if not r.startswith(REF_PREFIX)} == set()
    assert {r for r in refs if r.removeprefix(REF_PREFIX) not in schemas} == set()


def _shape(schema: dict) -> tuple:
    """What tells two object schemas apart: their properties and which are required
    (django-ninja drops defaults and the like, which do not)."""
    return (sorted(schema.get("properties", {})), sorted(schema.get("required", [])))


def test_each_component_is_the_schema_its_models_describe(document):
    """With two schemas of one name, one overwrites the other in the document: the
    definitions a model makes of itself and its parts must be those the document holds."""
    schemas = document["components"]["schemas"]
    wrong = []
    for cls in _our_schemas():
        own = cls.model_json_schema(ref_template=REF_PREFIX + "{model}")
        for name, definition in {**own.pop("$defs", {}), cls.__name__: own}.items():
            if name in schemas and _shape(schemas[name]) != _shape(definition):
                wrong.append(f"{cls.__module__}.{cls.__name__} → {name}")
    assert wrong == []


def test_the_document_is_openapi_3(document):
    assert document["openapi"].startswith("3.")
    assert document["paths"]
    for path, operations in document["paths"].items():
        assert path.startswith("/api/v1/")
        for operation in operations.values():
            assert operation["responses"], f"{path} has no responses"
