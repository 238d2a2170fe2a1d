"""stanzalint: a Dockerfile linter and language server that teaches container best practices."""

__version__ = "0.1.0"
