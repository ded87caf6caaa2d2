"""Commands for the long-running service: run (issue 5)."""
