"""pplint: a linter for public tender specifications."""

__version__ = "0.1.0"
