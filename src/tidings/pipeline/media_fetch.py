"""Fetching for the media proxy: publisher images checked, cached and served by Tidings.

Pages name a publisher image as ``/media/<signature>/<url in base64url>``, the signature
an HMAC of the URL under the site's secret key (``MediaSigner``): only URLs Tidings itself
put in a page are signed, so ``/media/`` is no open proxy. A miss is fetched through the
SSRF-guarded client (no Referer, no cookies, a size cap and a deadline), must be declared
and sniffed as the same raster image type (never SVG, which can carry script), and is kept
in a disk cache (``media_cache``). The web layer (``web/media/image_links.py``) rewrites page
images to signed paths and serves what ``MediaProxy.image`` returns.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import hashlib
import hmac
import os
import secrets
import tempfile
from dataclasses import dataclass
from http.cookiejar import CookieJar, DefaultCookiePolicy

import anyio
import httpx

from tidings.config import Settings
from tidings.errors import ConfigError, FetchTimeout, NotAnImage
from tidings.ingest.fetch import build_client, fetch
from tidings.pipeline.media_cache import MediaCache

__all__ = [
    "IMAGE_TYPES",
    "MediaProxy",
    "MediaSigner",
    "ProxiedImage",
    "image_type",
    "site_secret",
    "sniff_image",
]

SECRET_FILE = "secret_key"  # noqa: S105 - the name of the file, not a secret
CACHE_FOLDER = "media"
IMAGE_TYPES = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "image/avif", "image/x-icon"}
)
_TYPE_ALIASES = {
    "image/jpg": "image/jpeg",
    "image/pjpeg": "image/jpeg",
    "image/vnd.microsoft.icon": "image/x-icon",
}
_ACCEPT = "image/avif, image/webp, image/png, image/jpeg, image/gif, image/x-icon;q=0.5"
_MIN_SECRET = 16
_MAX_ENCODED = 8192  # longer is no URL a publisher uses
_FETCHES_AT_ONCE = 8
# Readers wait for these: one network step may take this long, the whole fetch twice that.
_STEP_TIMEOUT = 10.0


def site_secret(settings: Settings) -> bytes:
    """The key that signs media URLs: the setting, else DATA_DIR/secret_key (made once)."""
    if settings.secret_key is not None:
        key = settings.secret_key.get_secret_value().encode()
        if len(key) < _MIN_SECRET:
            raise ConfigError(f"secret_key: use at least {_MIN_SECRET} characters")
        return key
    path = settings.data_dir / SECRET_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".secret-")  # mode 0600
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(secrets.token_hex(32) + "\n")
            # link, not rename: when two processes start at once, the first key stays.
            with contextlib.suppress(FileExistsError):
                os.link(temp, path)
        finally:
            os.unlink(temp)
    key = path.read_bytes().strip()
    if len(key) < _MIN_SECRET:
        raise ConfigError(f"{path} holds no usable key; delete it to have a new one made")
    return key


class MediaSigner:
    """Makes and checks ``/media/<signature>/<encoded url>`` paths."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def _signature(self, url: str) -> str:
        digest = hmac.new(self._secret, url.encode("utf-8"), hashlib.sha256).digest()[:16]
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")

    def path(self, url: str) -> str:
        """The signed proxy path for ``url``."""
        encoded = base64.urlsafe_b64encode(url.encode("utf-8")).rstrip(b"=").decode("ascii")
        return f"/media/{self._signature(url)}/{encoded}"

    def verify(self, signature: str, encoded: str) -> str | None:
        """The URL a path carries when its signature is right, else None."""
        if len(encoded) > _MAX_ENCODED:
            return None
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
            url = raw.decode("utf-8")
        except (binascii.Error, ValueError):
            return None
        if not hmac.compare_digest(self._signature(url), signature):
            return None
        return url


def sniff_image(head: bytes) -> str | None:
    """The image type the first bytes of a file announce, among ``IMAGE_TYPES``, or None."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:8] == b"ftyp":
        end = min(int.from_bytes(head[:4], "big"), len(head))
        brands = {head[8:12]} | {head[i : i + 4] for i in range(16, end - 3, 4)}
        return "image/avif" if brands & {b"avif", b"avis"} else None
    if head[:4] == b"\x00\x00\x01\x00":
        return "image/x-icon"
    return None


def image_type(content_type: str, body: bytes) -> str:
    """The type to serve ``body`` as; ``NotAnImage`` unless header and bytes agree on one."""
    declared = content_type.split(";")[0].strip().lower()
    declared = _TYPE_ALIASES.get(declared, declared)
    if declared not in IMAGE_TYPES:
        raise NotAnImage(f"the publisher sent {declared or 'no type'}, not an image we pass on")
    sniffed = sniff_image(body[:64])
    if sniffed != declared:
        raise NotAnImage(f"declared {declared} but the bytes are {sniffed or 'no known image'}")
    return declared


@dataclass(frozen=True, slots=True)
class ProxiedImage:
    """An image ready to serve."""

    media_type: str
    body: bytes


class MediaProxy:
    """Fetches, checks and caches signed publisher images; one fetch per URL at a time."""

    def __init__(self, settings: Settings, signer: MediaSigner, cache: MediaCache) -> None:
        self.settings = settings
        self.signer = signer
        self.cache = cache
        self._inflight: dict[str, asyncio.Task[ProxiedImage]] = {}
        self._slots = asyncio.Semaphore(_FETCHES_AT_ONCE)

    @classmethod
    def from_settings(cls, settings: Settings) -> MediaProxy:
        """The proxy for a site: its secret key and its cache under DATA_DIR."""
        cache = MediaCache(settings.data_dir / CACHE_FOLDER, settings.media_cache_bytes)
        return cls(settings, MediaSigner(site_secret(settings)), cache)

    async def image(self, url: str) -> ProxiedImage:
        """``url``'s image from the cache, else fetched (raises ``FetchError`` subclasses)."""
        cached = await anyio.to_thread.run_sync(self.cache.get, url)
        if cached is not None:
            kind = sniff_image(cached[:64])
            if kind is not None:
                return ProxiedImage(kind, cached)
            await anyio.to_thread.run_sync(self.cache.forget, url)
        task = self._inflight.get(url)
        if task is None:
            task = asyncio.ensure_future(self._fetch_and_keep(url))
            self._inflight[url] = task
            task.add_done_callback(lambda done: self._done(url, done))
        # Shielded: a reader who leaves does not cancel the fetch others are waiting for.
        return await asyncio.shield(task)

    def _done(self, url: str, task: asyncio.Task[ProxiedImage]) -> None:
        self._inflight.pop(url, None)
        if not task.cancelled():
            task.exception()  # retrieved, so an error nobody awaited is not logged as lost

    async def _fetch_and_keep(self, url: str) -> ProxiedImage:
        async with self._slots:
            timeout = min(self.settings.fetch_timeout, _STEP_TIMEOUT)
            try:
                async with asyncio.timeout(2 * timeout), build_client(self.settings) as client:
                    client.timeout = httpx.Timeout(timeout)
                    # Nothing a publisher sets is sent back to it, not even on a redirect.
                    # (A jar, not httpx.Cookies: the setter would copy that into a jar
                    # that keeps everything.)
                    client.cookies = CookieJar(DefaultCookiePolicy(allowed_domains=[]))
                    result = await fetch(
                        client, url, max_bytes=self.settings.media_max_bytes, accept=_ACCEPT
                    )
            except TimeoutError as exc:
                raise FetchTimeout("the image took too long", url=url) from exc
        image = ProxiedImage(image_type(result.content_type, result.body), result.body)
        await anyio.to_thread.run_sync(self.cache.put, url, image.body)
        return image
