"""What search engines and link previews read: each page's canonical address and OpenGraph
(``head``), its JSON-LD (``jsonld``), ``robots.txt`` and the sitemaps (``sitemaps``, served by
``sitemap_views``). See docs/seo.md."""
