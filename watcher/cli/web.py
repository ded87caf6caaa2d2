"""Commands for the HTTP API and web page: serve (issue 6)."""
