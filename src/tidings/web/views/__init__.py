"""One module per page group."""
