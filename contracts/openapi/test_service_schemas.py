"""Property-based requests against each running service: no 5xx, every answer as its schema says.

Run by `contracts/run.py openapi`, which starts each service and names its schema's URL in
CONTRACTS_OPENAPI_SCHEMAS (`{"users": "http://127.0.0.1:PORT/api/v1/schema/", ...}`); one test
per service, each operation a sub-test of at most CONTRACTS_OPENAPI_EXAMPLES generated cases.
"""

import json
import os
from collections.abc import Callable

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from extracted_services.service_defaults.identity import Identity, bearer_header

SCHEMAS: dict[str, str] = json.loads(os.environ.get("CONTRACTS_OPENAPI_SCHEMAS", "{}"))
MAX_EXAMPLES = int(os.environ.get("CONTRACTS_OPENAPI_EXAMPLES", "10"))
# The same cases on every run, so a CI failure reproduces; set it to look elsewhere.
EXPLORE = bool(os.environ.get("CONTRACTS_OPENAPI_EXPLORE"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Services see and may change everything: every operation is reachable with this caller.
CALLER = Identity(kind="service", subject="contracts", username="contracts")


# gunicorn's own answer to a request line over its limit (4094 bytes), before any service code:
# generated invalid queries can be that long. Nothing the schema could describe.
URI_TOO_LONG = 414


def answers_as_documented(case: schemathesis.Case) -> None:
    # Signed for each request: a whole run outlasts one token's minute.
    response = case.call(headers=bearer_header(CALLER, issuer="contracts"))
    if response.status_code == URI_TOO_LONG and len(response.request.url or "") > 4094:
        return
    case.validate_response(response, checks=CHECKS)


def _schema_test(service: str, url: str) -> Callable[[schemathesis.Case], None]:
    schema = schemathesis.openapi.from_url(url)

    @schema.parametrize()
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=not EXPLORE,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    def test(case: schemathesis.Case) -> None:
        answers_as_documented(case)

    test.__name__ = f"test_the_{service}_service_answers_as_its_schema_says"
    return test


for _service, _url in SCHEMAS.items():
    globals()[f"test_the_{_service}_service_answers_as_its_schema_says"] = _schema_test(
        _service, _url
    )
