"""The documentation site's generated pieces: README sections and pipelines the pages include,
their links, and the practices page. (``mkdocs build --strict`` itself runs in scripts/test-all.sh.)"""

from __future__ import annotations

import os
import re
import sys

import pytest
from repo_paths import REPO_ROOT
from stanzalint import docgen

sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
import mkdocs_hooks  # noqa: E402

CONFIG = {"repo_url": "https://github.com/stanzalint/stanzalint"}
README = """# tool

intro `pip install tool`

## Usage

```sh
# not a heading
tool check
```

### Fixes

[rules](docs/rules/DL3006.md), [bench](bench/README.md#method), ![shot](client-vscode/images/screenshot-hover.png)

## Configuration

key = 1
"""


def site_pages():
    docs = os.path.join(REPO_ROOT, "docs")
    return [os.path.join(docs, n) for n in sorted(os.listdir(docs)) if n.endswith(".md")]


def test_a_readme_section_has_its_subsections_and_not_the_next_section():
    assert mkdocs_hooks.readme_section(README, "Usage").splitlines() == [
        "```sh",
        "# not a heading",
        "tool check",
        "```",
        "",
        "### Fixes",
        "",
        "[rules](docs/rules/DL3006.md), [bench](bench/README.md#method), ![shot](client-vscode/images/screenshot-hover.png)",
    ]
    assert mkdocs_hooks.readme_section(README, "tool") == "intro `pip install tool`"
    with pytest.raises(ValueError, match="no section 'Install'"):
        mkdocs_hooks.readme_section(README, "Install")


def test_included_links_point_at_site_pages_copies_or_the_repository():
    text = mkdocs_hooks.include_readme("# Usage\n\n<!-- readme: Usage -->\n", README, "usage.md", CONFIG)
    assert "[rules](rules/DL3006.md)" in text
    assert "[bench](https://github.com/stanzalint/stanzalint/blob/main/bench/README.md#method)" in text
    assert "![shot](images/screenshot-hover.png)" in text
    nested = mkdocs_hooks.site_link("docs/parity.md#scores", "rules/DL3006.md", CONFIG)
    assert nested == "../parity.md#scores"


def test_every_include_names_a_readme_section_that_exists():
    with open(os.path.join(REPO_ROOT, "README.md"), encoding="utf-8") as fh:
        readme = fh.read()
    for path in site_pages():
        with open(path, encoding="utf-8") as fh:
            for title in mkdocs_hooks.README_INCLUDE.findall(fh.read()):
                assert mkdocs_hooks.readme_section(readme, title).strip(), (path, title)


def test_the_pipeline_pages_show_what_ci_init_writes():
    from stanzalint.ci_templates import render

    block = mkdocs_hooks.pipeline_block("gitlab")
    assert block == "```yaml\n" + render("gitlab", root="my-app").rstrip("\n") + "\n```"
    assert "codequality: gl-code-quality-report.json" in block


def test_practices_page_is_fresh():
    with open(os.path.join(REPO_ROOT, "docs", "practices.md"), encoding="utf-8") as fh:
        assert fh.read() == docgen.practices_page(), "run `python -m stanzalint.docgen`"
    assert re.search(
        r"^## e\. run as a non-root user\n\n- \[DL3002\]\(rules/DL3002\.md\) last-user-root: ",
        docgen.practices_page(),
        re.M,
    )
