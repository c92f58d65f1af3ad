"""What wraps every request: header limits, the 500 page, compression, the page cache,
security headers.

``request_limits`` (431 past the header limits), ``error_pages`` (the site's error page and
the catch-all 500), ``compression`` (br, zstd or gzip answers), ``page_cache`` (signed-out
readers' pages kept briefly), ``security`` (the Content-Security-Policy and friends).
``web/app.py`` stacks them; ``web/http_cache.py`` (Cache-Control) is the one layer still
beside the app.
"""
