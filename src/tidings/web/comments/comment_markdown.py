"""Comments' markdown subset, rendered safe: links, emphasis, quotes, paragraphs.

Everything a reader wrote is escaped first; the renderer then adds only the tags it
makes itself (``p``, ``br``, ``blockquote``, ``em``, ``strong``, ``a``), so no HTML a
reader wrote ever reaches the page. Links are ``[text](https://…)`` or a bare
``https://…``; only http and https URLs with a host become links, each with
``rel="nofollow ugc noopener"``. Anything else (``javascript:``, ``data:``) stays text.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markupsafe import Markup, escape

__all__ = ["render_comment"]

# Text direction overrides and isolates can make a link read as something it is not;
# other control characters have no business in a comment.
_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\u202a-\u202e\u2066-\u2069\ufeff]")
_URL_CHARS = r"[^\s<>\"'`()\[\]\\]"
_LINK = re.compile(
    r"\[(?P<text>[^\[\]\n]{1,300})\]\((?P<href>https?://" + _URL_CHARS + r"{1,2000})\)"
    r"|(?P<bare>https?://" + _URL_CHARS + r"{1,2000})",
    re.IGNORECASE,
)
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"\*(?=[^\s*])(.+?)(?<=[^\s*])\*")
_TRAILING = ".,;:!?"
_REL = "nofollow ugc noopener"


def _safe_url(url: str) -> str | None:
    """``url`` if it is an http(s) URL with a host, else None."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def _emphasis(escaped: str) -> str:
    """``**strong**`` and ``*em*`` on text that is already escaped."""
    escaped = _STRONG.sub(r"<strong>\1</strong>", escaped)
    return _EM.sub(r"<em>\1</em>", escaped)


def _anchor(href: str, text: str) -> str:
    return f'<a href="{escape(href)}" rel="{_REL}">{_emphasis(str(escape(text)))}</a>'


def _inline(text: str) -> str:
    """One line of a reader's text as safe HTML."""
    out: list[str] = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(_emphasis(str(escape(text[position : match.start()]))))
        position = match.end()
        if match.group("bare"):
            url = match.group("bare")
            trimmed = url.rstrip(_TRAILING)
            position -= len(url) - len(trimmed)
            safe = _safe_url(trimmed)
            out.append(_anchor(safe, safe) if safe else str(escape(trimmed)))
            continue
        safe = _safe_url(match.group("href"))
        if safe is None:
            out.append(str(escape(match.group(0))))
        else:
            out.append(_anchor(safe, match.group("text")))
    out.append(_emphasis(str(escape(text[position:]))))
    return "".join(out)


def _paragraph(lines: list[str]) -> str:
    return "<p>" + "<br>".join(_inline(line) for line in lines) + "</p>"


def _block(lines: list[str]) -> str:
    """A block of lines without blank ones: runs of ``>`` lines become quotes."""
    parts: list[str] = []
    run: list[str] = []
    quoting = False
    for line in lines:
        quoted = line.lstrip().startswith(">")
        if quoted != quoting and run:
            parts.append(_run(run, quoting))
            run = []
        quoting = quoted
        run.append(line.lstrip().lstrip(">").removeprefix(" ") if quoted else line)
    if run:
        parts.append(_run(run, quoting))
    return "".join(parts)


def _run(lines: list[str], quoted: bool) -> str:
    if not quoted:
        return _paragraph(lines)
    inner = [line for line in lines if line.strip()]
    return f"<blockquote>{_paragraph(inner)}</blockquote>" if inner else ""


def render_comment(source: str) -> Markup:
    """A comment's markdown source as safe HTML."""
    text = _INVISIBLE.sub("", source.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line.rstrip())
        elif blocks[-1]:
            blocks.append([])
    return Markup("".join(_block(b) for b in blocks if b))  # noqa: S704 - escaped above
