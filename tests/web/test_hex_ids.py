"""Article and story ids in paths and forms: 32 lowercase hex digits, else 404."""

from __future__ import annotations

import pytest
from fastapi import HTTPException

from tidings.ingest import article_id
from tidings.web.routing.params import hex_id_or_404, is_hex_id


def test_real_ids_pass() -> None:
    made = article_id("https://news.example/2024/bridge")
    assert is_hex_id(made)
    assert hex_id_or_404(made, "No such article.") == made


@pytest.mark.parametrize(
    "text",
    [
        "",
        "0" * 31,
        "0" * 33,
        "A" * 32,  # ids are written in lower case
        "g" * 32,
        "0" * 31 + "\n",
        "٣" * 32,  # Arabic-Indic digits
        "ａ" * 32,  # full-width letters
        "../" + "0" * 29,
    ],
)
def test_anything_else_is_no_id(text: str) -> None:
    assert not is_hex_id(text)
    with pytest.raises(HTTPException) as raised:
        hex_id_or_404(text, "No such story.")
    assert raised.value.status_code == 404 and raised.value.detail == "No such story."
