"""Transitional: the names modules not yet moved to ``rules.toolkit`` still import from here."""

from stanzalint.rules.toolkit.stages import stage_body  # noqa: F401
