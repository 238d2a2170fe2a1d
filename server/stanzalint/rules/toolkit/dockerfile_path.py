"""What a Dockerfile's path says it is for, when the CLI or the editor knows the path.

- a test fixture (``is_test_fixture``): a file under ``testdata/``, ``testfiles/`` or
  ``fixtures/`` is read by a parser or a test, never built;
- a test of one release (``tested_release``): ``tests/release/docker/ubuntu18.04/Dockerfile``
  next to ``centos8/`` and ``fedora35/`` exists to check that release;
- a published variant (``published_release``): image libraries lay out one directory per
  version and release they publish (``3.6/jessie/onbuild/Dockerfile`` is ``python:3.6-jessie-onbuild``,
  ``22/bullseye/Dockerfile`` is ``node:22-bullseye``), so the release is the variant's job.

Without a path every function answers None or False.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stanzalint.rules.toolkit.releases import names_part

#: directories whose files parsers and tests read, never build (Go's ``testdata``, BuildKit's
#: ``testfiles``, test frameworks' ``fixtures``)
_FIXTURE_DIRS = frozenset({"testdata", "testfiles", "fixtures"})
#: directories that hold tests
_TEST_DIRS = re.compile(r"^(?:tests?|testing|e2e)$", re.IGNORECASE)
#: how many directories up from the Dockerfile a library layout names its variant (``3.6/jessie/onbuild``)
_LAYOUT_DEPTH = 3


def _components(path: str | None) -> list[str]:
    return [c for c in re.split(r"[\\/]", path or "") if c]


def is_test_fixture(path: str | None) -> bool:
    """The file sits under a ``testdata``, ``testfiles`` or ``fixtures`` directory: a test's
    input, never built."""
    return any(c.lower() in _FIXTURE_DIRS for c in _components(path)[:-1])


def tested_release(path: str | None, releases: Iterable[str]) -> str | None:
    """The path component below a tests directory (or the file name) that names one of
    ``releases`` (versions or codenames: ``ubuntu18.04`` names ``18.04``), or None."""
    parts = _components(path)
    tests = [i for i, c in enumerate(parts[:-1]) if _TEST_DIRS.match(c)]
    if not tests:
        return None
    return _naming(parts[tests[0] + 1 :], releases)


def published_release(path: str | None, releases: Iterable[str]) -> str | None:
    """The layout directories (the Dockerfile's and the two above) joined with ``/`` when one
    of them names one of ``releases``, or None."""
    layout = _components(path)[:-1][-_LAYOUT_DEPTH:]
    if _naming(layout, releases) is None:
        return None
    return "/".join(layout)


def _naming(components: list[str], releases: Iterable[str]) -> str | None:
    wanted = [r.lower() for r in releases if r]
    return next((c for c in components if any(names_part(c.lower(), r) for r in wanted)), None)
