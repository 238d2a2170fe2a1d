"""Transitional: the names modules not yet moved to ``rules.toolkit`` still import from here."""

from stanzalint.rules.toolkit.cleanup import removes  # noqa: F401
