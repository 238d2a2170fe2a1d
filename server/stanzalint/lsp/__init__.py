"""The language server: ``stanzalint serve``. The only package that imports pygls or lsprotocol.

Pure helpers (positions, reference texts, formatting) live in modules that import neither, so the
command line could use them; ``server`` wires everything to pygls.
"""

from __future__ import annotations

import json

#: ``source`` of every diagnostic the server publishes.
SOURCE = "stanzalint"
#: The code action kind of "fix all safe problems".
FIX_ALL_KIND = "source.fixAll.stanzalint"
#: The command that applies a workspace edit, for clients without code action literals.
APPLY_EDIT_COMMAND = "stanzalint.applyEdit"
#: writes compact JSON: no space after ``,`` or ``:`` (6-8% of a notification's bytes, which
#: the client reads and decodes at every keystroke), ASCII as the protocol sends it
compact_json = json.JSONEncoder(separators=(",", ":")).encode
