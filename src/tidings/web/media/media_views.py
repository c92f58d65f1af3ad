"""``/media/<signature>/<encoded url>``: a publisher image, through the media proxy."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response

from tidings.errors import (
    BlockedAddress,
    FetchError,
    FetchTimeout,
    HTTPStatusError,
    NotAnImage,
    ResponseTooLarge,
)
from tidings.pipeline.media_fetch import MediaProxy
from tidings.web.i18n import gettext as _

router = APIRouter()

MAX_AGE_SECONDS = 7 * 24 * 3600
_IMAGE_HEADERS = {
    "Cache-Control": f"public, max-age={MAX_AGE_SECONDS}",
    "X-Content-Type-Options": "nosniff",
    # Opened on its own, an image gets no script, style or frame of any kind.
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
}


@router.api_route("/media/{signature}/{encoded}", methods=["GET", "HEAD"])
async def media(request: Request, signature: str, encoded: str) -> Response:
    """A signed publisher image: from the cache, or fetched, checked and cached."""
    proxy: MediaProxy | None = request.app.state.media_proxy
    if proxy is None:
        raise HTTPException(status_code=404, detail=_("The media proxy is off."))
    url = proxy.signer.verify(signature, encoded)
    if url is None:
        raise HTTPException(status_code=403, detail=_("This image address is not signed."))
    try:
        image = await proxy.image(url)
    except NotAnImage as exc:
        raise HTTPException(
            status_code=415, detail=_("The publisher did not send an image.")
        ) from exc
    except BlockedAddress as exc:
        raise HTTPException(
            status_code=403, detail=_("This image address is not allowed.")
        ) from exc
    except ResponseTooLarge as exc:
        raise HTTPException(status_code=502, detail=_("The image is too large.")) from exc
    except FetchTimeout as exc:
        raise HTTPException(status_code=504, detail=_("The publisher took too long.")) from exc
    except HTTPStatusError as exc:
        if exc.status in (404, 410):
            raise HTTPException(
                status_code=404, detail=_("The publisher has no such image.")
            ) from exc
        raise HTTPException(status_code=502, detail=_("The image could not be fetched.")) from exc
    except FetchError as exc:
        raise HTTPException(status_code=502, detail=_("The image could not be fetched.")) from exc
    return Response(image.body, media_type=image.media_type, headers=_IMAGE_HEADERS)
