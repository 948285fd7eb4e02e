"""The API against its own OpenAPI document, fuzzed: more than a thousand requests generated from
the document (valid ones, and ones with odd Unicode, extra fields, nulls, huge numbers), each
checked for a server error, a status, header or body the document does not describe, and a valid
request refused. The run is derandomised, so a failure here fails the same way on every machine."""
from __future__ import annotations

import re

import schemathesis
from hypothesis import HealthCheck, given, settings

from conftest import make_app

EXAMPLES_PER_OPERATION = 250
AT_LEAST = 1000


def fuzz(operation) -> tuple[int, dict]:
    """Call one operation with generated requests: how many, and each distinct failure with its report."""
    cases, failures = 0, {}

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES_PER_OPERATION, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    def check(case):
        nonlocal cases
        cases += 1
        try:  # the test client does not decompress, as a browser or curl would
            case.call_and_validate(headers={"Accept-Encoding": "identity"})
        except Exception as failure:  # gathered, then reported together
            kinds = tuple(re.findall(r"ST\d+ [^\n]+", str(failure))) or (type(failure).__name__,)
            failures.setdefault((operation.label, kinds), str(failure))

    check()
    return cases, failures


def test_the_api_keeps_to_its_openapi_document(tmp_path):
    app = make_app({"TESTING": True, "RATE_LIMIT": "", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/fuzz.db"})
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    cases, failures = 0, {}
    for result in schema.get_all_operations():
        count, found = fuzz(result.ok())
        cases += count
        failures.update(found)
    assert not failures, "\n\n".join(f"{label}: {kinds}\n{text[:2000]}" for (label, kinds), text in failures.items())
    assert cases >= AT_LEAST
