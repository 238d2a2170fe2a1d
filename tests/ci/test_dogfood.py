"""stanzalint's own Dockerfile follows every practice stanzalint teaches (linted, not built)."""

from __future__ import annotations

import os

from repo_paths import REPO_ROOT
from stanzalint.config import Config
from stanzalint.engine import Selection, lint, prepare
from stanzalint.shellcheck import ShellCheck, extra_for

DOCKERFILE = os.path.join(REPO_ROOT, "Dockerfile")


def read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def test_own_dockerfile_has_no_findings_with_default_rules_and_shellcheck():
    checker = ShellCheck(use_cache=False)
    assert checker.available, checker.error
    config = Config()
    assert Selection(config).shellcheck_enabled
    result = lint(read(DOCKERFILE), config, DOCKERFILE, extra=extra_for(checker))
    assert result.failures == []
    assert [(v.code, v.message) for v in result.violations] == []


def test_own_dockerfile_shape():
    _, analysis = prepare(read(DOCKERFILE))
    assert [s.name for s in analysis.stages] == ["builder", None]
    final = analysis.final_stage
    assert final.image.repository == "python" and final.image.tag == "3.12.8-slim-bookworm"
    keywords = [ins.keyword for ins in final.instructions]
    assert keywords.count("USER") == 1 and keywords.index("USER") > keywords.index("COPY")
    assert [ins.original for ins in final.instructions if ins.keyword in ("ENTRYPOINT", "CMD")] == [
        'ENTRYPOINT ["stanzalint"]',
        'CMD ["serve", "--tcp", "0.0.0.0:2087"]',
    ]


def test_dockerignore_sends_only_the_package_sources():
    lines = [
        line
        for line in read(os.path.join(REPO_ROOT, ".dockerignore")).splitlines()
        if line and not line.startswith("#")
    ]
    assert lines[0] == "*"
    assert {"!pyproject.toml", "!constraints.txt", "!server/"} <= set(lines)
