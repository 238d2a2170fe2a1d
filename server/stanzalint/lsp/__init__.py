"""The language server: ``stanzalint serve``. The only package that imports pygls or lsprotocol.

Pure helpers (positions, reference texts, formatting) live in modules that import neither, so the
command line could use them; ``server`` wires everything to pygls.
"""
