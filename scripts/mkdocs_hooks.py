"""mkdocs hooks for the documentation site (mkdocs.yml names this file).

The README stays the one source of the commands and settings it shows: a site page says
``<!-- readme: Usage -->`` on a line of its own and gets the README's section under that heading
(with its subsections); ``<!-- pipeline: gitlab -->`` gets the pipeline ``stanzalint ci init``
writes. Links in that text are relative to the repository root; they are
rewritten to the site's own page when the target is under docs/, to a copy of the file for the
images listed in ``ASSETS``, and to the file in the repository otherwise. Every rule page under
docs/rules/ is added to the navigation, so none is left out.
"""

from __future__ import annotations

import os
import posixpath
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
#: Repository files the site shows, and where the site keeps its copy.
ASSETS = {"client-vscode/images/screenshot-hover.png": "images/screenshot-hover.png"}
README_INCLUDE = re.compile(r"^<!-- readme: (.+?) -->$", re.M)
PIPELINE_INCLUDE = re.compile(r"^<!-- pipeline: (github|gitlab) -->$", re.M)
HEADING = re.compile(r"^(#{1,6}) (.+?)\s*$")
LINK = re.compile(r"(!?\[[^\]]*\]\()([^)\s]+)(\))")


def readme_section(readme: str, title: str) -> str:
    """The body of the README section headed ``title`` (its subsections too, not its heading; for
    the title heading, the introduction up to the first section). A fenced code block's ``#``
    lines are not headings."""
    lines = readme.splitlines()
    start, level, fenced = None, 0, False
    body = []
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
        match = None if fenced or line.lstrip().startswith("```") else HEADING.match(line)
        if start is None:
            if match and match.group(2) == title:
                start, level = True, len(match.group(1))
            continue
        if match and (len(match.group(1)) <= level or level == 1):
            break
        body.append(line)
    if start is None:
        raise ValueError(f"README.md has no section {title!r}")
    return "\n".join(body).strip("\n")


def repository_url(config) -> str:
    """The repository's main branch on its host (from ``repo_url`` in mkdocs.yml)."""
    return config["repo_url"].rstrip("/") + "/blob/main/"


def site_link(target: str, page_path: str, config) -> str:
    """A README link (relative to the repository root) as seen from the page at ``page_path``."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith("#"):
        return target
    path, _, anchor = target.partition("#")
    anchor = f"#{anchor}" if anchor else ""
    page_dir = posixpath.dirname(page_path)
    if path in ASSETS:
        return posixpath.relpath(ASSETS[path], page_dir or ".") + anchor
    if path.startswith("docs/"):
        return posixpath.relpath(path[len("docs/") :], page_dir or ".") + anchor
    return repository_url(config) + path + anchor


def on_config(config):
    """Add every rule page to the "Rules" entry of the navigation."""
    rules_dir = os.path.join(config["docs_dir"], "rules")
    pages = sorted(n for n in os.listdir(rules_dir) if n.endswith(".md") and n != "README.md")
    for entry in config["nav"]:
        if isinstance(entry, dict) and "Rules" in entry:
            entry["Rules"] = ["rules/README.md"] + [f"rules/{name}" for name in pages]
    return config


def on_files(files, config):
    from mkdocs.structure.files import File

    for source, destination in ASSETS.items():
        asset = File(destination, ROOT, config["site_dir"], config["use_directory_urls"])
        asset.abs_src_path = os.path.join(ROOT, source)
        files.append(asset)
    return files


def pipeline_block(platform: str) -> str:
    """The pipeline ``stanzalint ci init <platform>`` writes, as a YAML code block."""
    from stanzalint.ci_templates import render

    return "```yaml\n" + render(platform, root="my-app").rstrip("\n") + "\n```"


def include_readme(markdown: str, readme: str, page_path: str, config) -> str:
    """``markdown`` with each ``<!-- readme: TITLE -->`` replaced by that README section, its links
    made to work from the page at ``page_path``."""

    def include(match):
        section = readme_section(readme, match.group(1))
        return LINK.sub(lambda m: m.group(1) + site_link(m.group(2), page_path, config) + m.group(3), section)

    return README_INCLUDE.sub(include, markdown)


def on_page_markdown(markdown, page, config, files):
    markdown = PIPELINE_INCLUDE.sub(lambda m: pipeline_block(m.group(1)), markdown)
    if not README_INCLUDE.search(markdown):
        return markdown
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as fh:
        return include_readme(markdown, fh.read(), page.file.src_uri, config)
