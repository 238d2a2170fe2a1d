"""The default LSP client fixture; the helpers live in ``lsp_support``."""

from __future__ import annotations

from lsp_support import make_fixture

client = make_fixture()
