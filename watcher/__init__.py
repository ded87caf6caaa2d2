"""watcher: watch news articles for edits, keep every version, say what changed."""

__version__ = "0.1.0"

__all__ = ["__version__"]
