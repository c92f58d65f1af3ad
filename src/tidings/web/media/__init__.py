"""Publisher images through the media proxy: page images rewritten to signed ``/media/``
addresses (``image_links``, the Jinja filters) and the endpoint that serves them
(``media_views``). Fetching and caching are ``tidings.pipeline.media_fetch`` and
``media_cache``."""
