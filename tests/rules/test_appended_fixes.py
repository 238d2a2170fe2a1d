"""The rules whose fix appends a command after a RUN's script (``append_command``): no such fix
after a script left open at its end, the same fix as ever after one the shell reads whole, and
through the findings memo the fix goes and comes back as the script's end breaks and mends."""

from __future__ import annotations

import pytest
from ruletest import through_memo, violations

#: script endings that leave it broken at its end (``bash -n`` rejects each there): a command
#: appended after one would change the error, not run last
OPEN_ENDINGS = {
    "redirect": " > ",
    "quote": ' && echo "unclosed',
    "quote-in-word": ' && echo a"b',
    "substitution": " && x=$(echo",
    "expansion": " && echo ${x",
    "expansion-then-words": " && echo ${x//. y",
    "if": "; if true; then echo",
}
#: script endings tree-sitter-bash errs on but the shell reads whole (``[`` is a command whose
#: ``]`` is only a last word, a ``$`` starting no expansion is a literal)
WHOLE_ENDINGS = {"test": " && [ -f /x", "test-error": " && [ !", "dollar": " && echo $", "dollar-command": " && $"}

#: each family of rules appending a command: its code, a Dockerfile with ``{}`` where its
#: fixed RUN's script ends, and the command its fix appends there
APPENDING = {
    "apt-lists": (
        "DL3009",
        "FROM debian:12\nRUN apt-get update && apt-get install -y x{}\n",
        "rm -rf /var/lib/apt/lists/*",
    ),
    "fold-cleanup": (
        "SZ401",
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl{}\nENV A=1\nRUN rm -rf /var/lib/apt/lists/*\n",
        "rm -rf /var/lib/apt/lists/*",
    ),
    "conda": ("SZ403", "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y numpy{}\n", "conda clean -afy"),
    "download-cache": ("SZ405", "FROM node:22-slim\nRUN npm ci{}\n", "npm cache clean --force"),
    "yarn": ("DL3060", "FROM node:20\nRUN yarn install --frozen-lockfile{}\n", "yarn cache clean"),
    "zypper": ("DL3036", "FROM opensuse/leap:15.6\nRUN zypper -n install x=1{}\n", "zypper clean"),
    "yum": ("DL3032", "FROM centos:7\nRUN yum install -y x-1{}\n", "yum clean all"),
    "microdnf": ("DL3040", "FROM fedora:40\nRUN microdnf install -y x-1{}\n", "microdnf clean all"),
}


def fixed_texts(code: str, text: str) -> list[str | None]:
    """The document each of ``code``'s findings on ``text`` leaves with its fix applied, None
    for a finding without a fix."""
    out: list[str | None] = []
    for v in violations(code, text):
        fixed = None
        if v.fix is not None:
            fixed = text
            for edit in sorted(v.fix.edits, key=lambda e: e.span.start, reverse=True):
                fixed = fixed[: edit.span.start] + edit.text + fixed[edit.span.end :]
        out.append(fixed)
    return out


def _after_the_script(template: str, ending: str, command: str) -> str:
    """The document a fix appending ``command`` after the script ending with ``ending`` leaves
    (a fold also drops the cleanup RUN it folds)."""
    text = template.format(ending + " && " + command)
    return text.replace("ENV A=1\nRUN rm -rf /var/lib/apt/lists/*\n", "ENV A=1\n")


@pytest.mark.parametrize("family", APPENDING)
@pytest.mark.parametrize("ending", OPEN_ENDINGS.values(), ids=OPEN_ENDINGS.keys())
def test_no_fix_after_a_script_left_open(family, ending):
    code, template, _ = APPENDING[family]
    assert fixed_texts(code, template.format(ending)) == [None]


@pytest.mark.parametrize("family", APPENDING)
@pytest.mark.parametrize("ending", ["", *WHOLE_ENDINGS.values()], ids=["plain", *WHOLE_ENDINGS.keys()])
def test_the_fix_follows_a_script_the_shell_reads_whole(family, ending):
    code, template, command = APPENDING[family]
    assert fixed_texts(code, template.format(ending)) == [_after_the_script(template, ending, command)]


def test_no_fix_after_a_heredoc_body_left_open():
    body = "FROM continuumio/miniconda3:24.7.1-0\nRUN <<EOF\nset -e\nconda install -y numpy\n{}EOF\n"
    assert fixed_texts("SZ403", body.format("if true; then\n")) == [None]
    assert fixed_texts("SZ403", body.format("")) == [body.format("conda clean -afy\n")]


@pytest.mark.parametrize("code", ["DL3009", "SZ401"])
def test_the_remembered_fix_goes_and_comes_back_as_the_script_s_end_breaks_and_mends(code):
    """The stage rules' findings, fixes included, are handed over for RUNs whose projection is
    unchanged: closing or opening a quote inside the last command's word changes it."""
    _, template, _ = APPENDING["apt-lists" if code == "DL3009" else "fold-cleanup"]
    texts = [template.format(f" && echo a{end}") for end in ('"b"', '"b', '"b"', '"b', "b")]
    assert [fixed_texts(code, text)[0] is not None for text in texts] == [True, False, True, False, True]
    through_memo(code, texts)  # each lint through the memo sees a fresh lint's findings and fixes
