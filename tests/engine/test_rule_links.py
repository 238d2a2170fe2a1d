"""Rule links lead somewhere: by default to the generated page in the repository's docs/rules/,
which exists in every checkout; ``docs-base-url`` moves them; Markdown links between the
repository's documents resolve."""

from __future__ import annotations

import os
import re
import sys

import pytest
from repo_paths import REPO_ROOT
from stanzalint import rules as registry
from stanzalint.config import DEFAULT_DOCS_BASE_URL, Config, config_for
from stanzalint.engine import docs_index_url, rule_url
from stanzalint.lsp.hover import rule_markdown

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


def project_urls():
    with open(os.path.join(REPO_ROOT, "pyproject.toml"), "rb") as fh:
        return tomllib.load(fh)["project"]["urls"]


def repository_file(url):
    """The checkout's file that a link to the repository's main branch names."""
    prefix = project_urls()["Repository"] + "/blob/main/"
    assert url.startswith(prefix), url
    return os.path.join(REPO_ROOT, *url[len(prefix) :].split("/"))


def test_the_default_comes_from_project_urls_and_names_docs_rules():
    urls = project_urls()
    assert urls["Documentation"] == DEFAULT_DOCS_BASE_URL == urls["Repository"] + "/blob/main/docs/rules/"
    assert docs_index_url() == DEFAULT_DOCS_BASE_URL
    assert os.path.isfile(os.path.join(repository_file(DEFAULT_DOCS_BASE_URL + "README.md")))


def test_every_rule_link_resolves_to_a_page_in_the_repository():
    missing = []
    for rule in registry.all_rules():
        url = rule_url(rule.meta.code)
        assert url == f"{DEFAULT_DOCS_BASE_URL}{rule.meta.code}.md"
        if not os.path.isfile(repository_file(url)):
            missing.append(url)
    assert missing == []


def test_the_hover_links_the_same_page():
    assert rule_markdown("DL3006", None).endswith(f"[DL3006 documentation]({DEFAULT_DOCS_BASE_URL}DL3006.md)")
    assert rule_url("untagged-base-image") == f"{DEFAULT_DOCS_BASE_URL}DL3006.md"


def test_links_that_are_not_stanzalint_rules():
    assert rule_url("SC2086") == "https://www.shellcheck.net/wiki/SC2086"
    assert rule_url("CVE-2024-3094") == "https://osv.dev/vulnerability/CVE-2024-3094"


@pytest.mark.parametrize(
    "setting, page, index",
    [
        (
            "https://docs.example.org/rules",
            "https://docs.example.org/rules/SZ501.md",
            "https://docs.example.org/rules/",
        ),
        (
            "https://docs.example.org/rules/{code}/",
            "https://docs.example.org/rules/SZ501/",
            "https://docs.example.org/rules/",
        ),
    ],
)
def test_docs_base_url_setting_moves_the_links(tmp_path, setting, page, index):
    (tmp_path / ".stanzalint.toml").write_text(f'docs-base-url = "{setting}"\n')
    config = config_for(str(tmp_path))
    assert (rule_url("sz501", config), docs_index_url(config)) == (page, index)
    assert rule_url("SZ501", Config()) == f"{DEFAULT_DOCS_BASE_URL}SZ501.md"


MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+)\)")


def repository_documents():
    for folder in ("docs", "client-vscode"):
        for root, dirs, names in os.walk(os.path.join(REPO_ROOT, folder)):
            dirs[:] = [d for d in dirs if d not in ("node_modules", "dist", "out", "python", "test-results")]
            yield from (os.path.join(root, n) for n in names if n.endswith(".md"))
    yield os.path.join(REPO_ROOT, "README.md")


def site_copies():
    """docs/ paths of the repository files the documentation site copies in when it is built."""
    sys.path.insert(0, os.path.join(REPO_ROOT, "scripts"))
    import mkdocs_hooks

    return {os.path.join(REPO_ROOT, "docs", *copy.split("/")) for copy in mkdocs_hooks.ASSETS.values()}


def test_relative_links_between_documents_resolve():
    copies = site_copies()
    broken = []
    for path in repository_documents():
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        for target in MARKDOWN_LINK.findall(text):
            if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
                continue
            file_part = target.split("#", 1)[0]
            resolved = os.path.normpath(os.path.join(os.path.dirname(path), file_part))
            if not os.path.exists(resolved) and resolved not in copies:
                broken.append(f"{os.path.relpath(path, REPO_ROOT)}: {target}")
    assert broken == []
