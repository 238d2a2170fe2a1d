"""The build context made visible: which files each ``COPY``/``ADD`` reads from the context
(after ``.dockerignore``), and how often the project's git history would have rebuilt each
layer.

- ``tree``: the context walked once, ignored directories pruned as BuildKit prunes them.
- ``sources``: a ``COPY``/``ADD`` source resolved to the context files it reads.
- ``history``: the last commits of the repository the context lives in (one ``git log``).
- ``rebuilds``: per instruction, how many of those commits would have invalidated its cache.
- ``heavy``: the expensive steps (installs, compiles, downloads) a rebuild reruns.
- ``layers``: the per-instruction report behind ``stanzalint layers`` and the editor's lenses.
"""
