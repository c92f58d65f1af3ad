"""Shared by the AI tests: the protocol-speaking model server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.ai.openai_server import OpenAIServer, openai_server


@pytest.fixture
def server() -> Iterator[OpenAIServer]:
    """A fresh server per test, its faults and request log its own."""
    with openai_server() as s:
        yield s
