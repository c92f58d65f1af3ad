"""The offline demo publisher: fictional news outlets served on 127.0.0.1.

Five invented outlets in three languages publish RSS, Atom and JSON feeds and article pages
with their own markup. Most articles are live from the start; the held-back ones go live one
per ``release_interval`` so a running demo keeps producing news and its stories keep growing.

    app = create_publisher_app(release_interval=120.0)
    feed_urls("http://127.0.0.1:8081")  # one feed URL per outlet
    load_catalog().stories()            # story key -> articles: clustering ground truth
"""

from tidings.demo.catalog import (
    BodyBlock,
    BulletList,
    Catalog,
    DemoArticle,
    DemoImage,
    DemoOutlet,
    Figure,
    Heading,
    Paragraph,
    Quote,
)
from tidings.demo.loader import load_catalog, parse_catalog
from tidings.demo.publisher import create_publisher_app, feed_urls
from tidings.demo.schedule import Schedule, article_path

__all__ = [
    "BodyBlock",
    "BulletList",
    "Catalog",
    "DemoArticle",
    "DemoImage",
    "DemoOutlet",
    "Figure",
    "Heading",
    "Paragraph",
    "Quote",
    "Schedule",
    "article_path",
    "create_publisher_app",
    "feed_urls",
    "load_catalog",
    "parse_catalog",
]
