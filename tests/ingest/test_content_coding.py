"""Content codings undone in bounded pieces."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable

import brotli
import pytest

from tidings.errors import FetchError
from tidings.ingest.content_coding import ContentDecoder


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("br", lambda data: brotli.compress(data, quality=1)),
    ],
)
def test_content_decoder_hands_out_bounded_pieces(
    encoding: str, encode: Callable[[bytes], bytes]
) -> None:
    data = bytes(50 << 20)  # 50 MiB of zeros: a few KB compressed
    packed = encode(data)
    decoder = ContentDecoder(encoding)
    total = 0
    for start in range(0, len(packed), 16384):
        for piece in decoder.feed(packed[start : start + 16384]):
            assert len(piece) <= 256 * 1024
            total += len(piece)
    for piece in decoder.finish():
        total += len(piece)
    assert total == len(data)


def test_content_decoder_errors_are_fetch_errors() -> None:
    for encoding in ("gzip", "br", "deflate"):
        with pytest.raises(FetchError, match="cannot decode"):
            list(ContentDecoder(encoding).feed(b"\x1f\x8b\x08garbage-garbage-garbage"))
