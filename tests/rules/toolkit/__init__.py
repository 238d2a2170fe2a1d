"""Unit tests of the rule toolkit, one file per module."""
