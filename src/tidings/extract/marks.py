"""What a page's markup says is not article text: by tag, attribute, class, id or role.

Two verdicts: *skipped* elements (scripts, media, form controls, figures, hidden parts)
never become text; *furniture* elements (navigation, sidebars, teasers, share bars,
comments, ads, captions, author boxes) hold text that is not the article's, unless they
turn out to wrap most of the page (see ``blocks.read_blocks``).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

# Never article text: skipped with everything inside.
SKIPPED_TAGS = frozenset(
    {
        "script", "style", "template", "head", "title", "button", "select", "textarea",
        "input", "label", "option", "iframe", "object", "embed", "svg", "math", "canvas",
        "audio", "video", "map", "figure", "figcaption", "picture", "img", "dialog",
    }
)  # fmt: skip
_FURNITURE_TAGS = frozenset({"nav", "footer", "aside", "menu"})
# Words in class names (whole, or between - and _) that name page furniture.
_FURNITURE_WORD = re.compile(
    r"(?:^|[-_])(?:related\w*|teasers?|promo\w*|recommend\w*|sidebar|widget|newsletter|"
    r"advert\w*|ads?|sponsor\w*|more-stories|trending|most-popular|popular|comments?|share|"
    r"sharing|social|overlay|modal|popup|breadcrumbs?|nav|navigation|menu|footer|masthead|"
    r"cookie\w*|consent|subscribe|signup|caption|credits?|byline|author\w*|bio|hidden|"
    r"visually-hidden|sr-only|screen-reader|disclaimer|gallery|slideshow|carousel|slider|"
    r"lightbox|photos?|images?)(?:$|[-_])",
    re.I,
)
# A class naming the text itself ("post-content", "article-body") outweighs a furniture
# word beside it, and a state ("has-sidebar") describes the layout around the text.
_CONTENT_WORD = re.compile(
    r"article|body|content|main|story|entry|text|post|^(?:has|with|no|is)-", re.I
)
_DISPLAY_NONE = re.compile(r"display\s*:\s*none")
# The classes the social networks' own embed codes put on an embedded post.
_SOCIAL_EMBED = re.compile(
    r"^(?:twitter-tweet|twitter-video|instagram-media|tiktok-embed|reddit-card|fb-post)$", re.I
)


def is_skipped(element: HtmlElement) -> bool:
    """Scripts, media, form controls, figures and hidden elements: never text."""
    tag = element.tag
    if not isinstance(tag, str) or tag in SKIPPED_TAGS:
        return True
    attrib = element.attrib
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    return bool(style and "none" in style and _DISPLAY_NONE.search(style))


def is_furniture(element: HtmlElement) -> bool:
    """Navigation, teasers, sharing, comments, ads: by tag, or by class, id or role."""
    if element.tag in _FURNITURE_TAGS:
        return True
    attrib = element.attrib
    names = [attrib.get("class"), attrib.get("id"), attrib.get("role")]
    words = " ".join(name for name in names if name).split()
    return any(map(_FURNITURE_WORD.search, words)) and not any(map(_CONTENT_WORD.search, words))


def is_social_embed(element: HtmlElement) -> bool:
    """An embedded social-media post, marked with its network's embed-code class."""
    return any(map(_SOCIAL_EMBED.match, (element.get("class") or "").split()))
