"""Fixtures: one `mlmodel sandbox` process (the built CLI, a free port, a bearer token) and an
OpenMetadata SDK client on it whose every answer is checked against the SDK's models after each test.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from metadata.generated.schema.entity.services.connections.metadata.openMetadataConnection import (
    AuthProvider,
    OpenMetadataConnection,
)
from metadata.generated.schema.security.client.openMetadataJWTClientConfig import OpenMetadataJWTClientConfig
from metadata.ingestion.ometa.ometa_api import OpenMetadata

from answers import Recorder, check_answer
from sandbox_process import CLI, TOKEN, Sandbox


@pytest.fixture(scope="session")
def sandbox():
    started = Sandbox()
    yield started
    started.stop()


@pytest.fixture(scope="session")
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture(scope="session")
def om(sandbox, recorder) -> OpenMetadata:
    connection = OpenMetadataConnection(
        hostPort=f"{sandbox.url}/api",
        authProvider=AuthProvider.openmetadata,
        securityConfig=OpenMetadataJWTClientConfig(jwtToken=TOKEN),
        # The SDK's own check: it refuses a server whose major.minor differs from its own.
        enableVersionValidation=True,
    )
    client = OpenMetadata(connection)
    client.client._session.hooks["response"].append(recorder)
    return client


CHECKED = {"answers": 0}


@pytest.fixture(autouse=True)
def every_answer_parses(recorder):
    """After each test: every answer the sandbox gave parses into the SDK's models, nothing dropped."""
    recorder.take()
    yield
    answers = recorder.take()
    CHECKED["answers"] += len(answers)
    found = [p for answer in answers for p in check_answer(answer)]
    if found:
        pytest.fail("sandbox answers the SDK's models do not take:\n  " + "\n  ".join(found), pytrace=False)


def pytest_terminal_summary(terminalreporter):
    terminalreporter.write_line(f"{CHECKED['answers']} sandbox answers checked against the SDK's models")


def pytest_report_header(config):
    from metadata.__version__ import get_client_version

    return [f"openmetadata-ingestion {get_client_version()} (Python {sys.version.split()[0]}), CLI {CLI}"]
