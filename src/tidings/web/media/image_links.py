"""Publisher images in pages, through the media proxy (setting ``media_proxy``).

Templates call the ``media`` filter for every publisher image and ``media_html`` for
stored article HTML: with the proxy on, each becomes a signed ``/media/`` path that
``pipeline.media_fetch.MediaProxy`` fetches, checks and caches; with it off they leave the
publisher's URLs as they are. Images of unknown size get a box so the page does not jump.
"""

from __future__ import annotations

import html
import re

from fastapi import FastAPI
from jinja2 import Environment
from markupsafe import Markup

from tidings.config import Settings
from tidings.pipeline.media_fetch import MediaProxy, MediaSigner
from tidings.web.routing.params import parse_number

__all__ = ["MediaLinks", "install_media"]

# Images whose size is unknown get a 16:9 box; browsers size the box from width and
# height until the image arrives, then take its own proportions.
_BOX = (1200, 675)
_SIDE_MOST = 100_000  # pixels: a larger width or height is a mistake, boxed as none


# Stored article HTML was serialised by nh3: attribute values are double-quoted, and may
# hold ">" (so the tag pattern steps over quoted values).
_IMG = re.compile(r'<img\b((?:[^>"]|"[^"]*")*)>')
_ATTRIBUTE = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*"([^"]*)")?')


class MediaLinks:
    """What templates call to show publisher images; with no signer, URLs stay as they are."""

    def __init__(self, signer: MediaSigner | None) -> None:
        self.signer = signer

    def url(self, url: str | None) -> str:
        """The address a page uses for the publisher image at ``url``."""
        if not url:
            return ""
        if self.signer is None or not url.lower().startswith(("http://", "https://")):
            return url
        return self.signer.path(url)

    def body_html(self, stored: str | None) -> Markup:
        """Stored (sanitised) article HTML with each image proxied, sized and lazy."""
        return Markup(_IMG.sub(self._image_tag, stored or ""))  # noqa: S704 - sanitised at ingest

    def _image_tag(self, match: re.Match[str]) -> str:
        attributes = {
            name.lower(): html.unescape(value) if value is not None else ""
            for name, value in _ATTRIBUTE.findall(match.group(1))
        }
        attributes["src"] = self.url(attributes.get("src"))
        width = parse_number(attributes.get("width", ""), most=_SIDE_MOST)
        height = parse_number(attributes.get("height", ""), most=_SIDE_MOST)
        if not (width and height):
            box_width, box_height = _BOX
            if width:
                box_width, box_height = width, round(width * _BOX[1] / _BOX[0])
            attributes["width"], attributes["height"] = str(box_width), str(box_height)
        attributes["loading"] = "lazy"
        attributes["decoding"] = "async"
        return "<img " + " ".join(f'{k}="{html.escape(v)}"' for k, v in attributes.items()) + ">"


def install_media(app: FastAPI, env: Environment, settings: Settings) -> None:
    """Give templates the ``media`` and ``media_html`` filters, and the app its proxy."""
    proxy = MediaProxy.from_settings(settings) if settings.media_proxy else None
    app.state.media_proxy = proxy
    links = MediaLinks(proxy.signer if proxy else None)
    env.filters["media"] = links.url
    env.filters["media_html"] = links.body_html
