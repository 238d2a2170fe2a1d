"""ShellCheck on RUN scripts: exact ranges in the Dockerfile, dialects, declarations, batching, cache."""

from __future__ import annotations

import os
import stat
import sys

import pytest
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.shellcheck import ShellCheck, extra_for, find_executable

pytestmark = pytest.mark.skipif(find_executable() is None, reason="shellcheck is not installed")

SC_ONLY = Config(select=["SC"])


def sc(text, checker):
    result = lint(text, SC_ONLY, extra=extra_for(checker))
    return [
        (v.code, text[v.span.start : v.span.end], result.dockerfile.lines.position(v.span.start))
        for v in result.violations
    ]


@pytest.fixture
def checker(tmp_path):
    return ShellCheck(cache_dir=str(tmp_path / "cache"))


def test_ranges_map_across_continuations(checker):
    text = "FROM debian:12\nRUN apt-get update && \\\n    echo $bar \\\n    && cd /x\n"
    assert sc(text, checker) == [
        ("SC2086", "$bar", (2, 9)),
        ("SC2154", "$bar", (2, 9)),
        ("SC2164", "cd /x", (3, 7)),
    ]


def test_declared_args_and_env_are_constants(checker):
    text = "FROM debian:12\nARG version\nENV home=/h\nRUN echo $version $home $other\n"
    found = sc(text, checker)
    assert found == [("SC2086", "$other", (3, 24)), ("SC2154", "$other", (3, 24))]


def test_heredoc_body_is_checked_with_exact_ranges(checker):
    text = "FROM debian:12\nRUN <<EOF\nset -e\necho `date`\nEOF\n"
    assert sc(text, checker) == [
        ("SC2005", "`date`", (3, 5)),
        ("SC2006", "`date`", (3, 5)),
        ("SC2046", "`date`", (3, 5)),
    ]


def test_python_heredoc_is_not_shell(checker):
    text = "FROM python:3.12-slim\nRUN python3 <<EOF\nprint(`x`)\nEOF\n"
    assert sc(text, checker) == []


def test_dialect_follows_shell_instruction(checker):
    posix = "FROM debian:12\nRUN if [[ -f x ]]; then echo y; fi\n"
    assert [c for c, _, _ in sc(posix, checker)] == ["SC3010"]
    bash = 'FROM debian:12\nSHELL ["/bin/bash", "-c"]\nRUN if [[ -f x ]]; then echo y; fi\n'
    assert sc(bash, checker) == []


def test_hadolint_shell_pragma(checker):
    text = "# hadolint shell=bash\nFROM debian:12\nRUN if [[ -f x ]]; then echo y; fi\n"
    assert sc(text, checker) == []


def test_powershell_and_exec_form_are_skipped(checker):
    text = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["pwsh", "-Command"]\nRUN echo $env:PATH `\n'
    assert sc(text, checker) == []
    assert sc('FROM debian:12\nRUN ["sh", "-c", "echo $x"]\n', checker) == []


def test_excluded_codes(checker):
    text = "FROM debian:12\nRUN . ./env.sh && echo ok\n"
    assert [c for c, _, _ in sc(text, checker)] == []  # SC1091 is excluded


def test_suppression_applies_to_sc_codes(checker):
    text = "FROM debian:12\n# hadolint ignore=SC2086\nRUN echo $X\n"
    assert sc(text, checker) == []


@pytest.fixture
def counting_shellcheck(tmp_path):
    """A shellcheck stand-in that logs each call, then runs the real one."""
    log = tmp_path / "calls.log"
    wrapper = tmp_path / "shellcheck"
    wrapper.write_text(f'#!/bin/sh\necho "$#" >> "{log}"\nexec "{find_executable()}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IEXEC)
    return str(wrapper), log


def calls(log):
    return [int(n) for n in log.read_text().split()] if log.exists() else []


def test_one_invocation_per_core_and_disk_cache(tmp_path, counting_shellcheck):
    exe, log = counting_shellcheck
    files = [f"FROM debian:12\nRUN echo $a{i}\nRUN cd /x{i}\n" for i in range(6)]
    first = ShellCheck(executable=exe, cache_dir=str(tmp_path / "c"), jobs=2)
    from stanzalint.engine import prepare
    from stanzalint.shellcheck import scripts_of

    scripts = [s for text in files for s in scripts_of(*prepare(text))]
    assert len(scripts) == 12
    first.check(scripts)
    batches = calls(log)[1:]  # the first call is --version
    assert len(batches) == 2 and sum(n - 3 for n in batches) == 12  # 3 options per call, then files
    second = ShellCheck(executable=exe, cache_dir=str(tmp_path / "c"), jobs=2)
    results = second.check(scripts)
    assert calls(log)[3:] == [1]  # only --version: every script came from the cache
    assert sum(len(v) for v in results.values()) == 18  # per file: SC2086 + SC2154 on $aN, SC2164 on cd
    third = ShellCheck(executable=exe, cache_dir=str(tmp_path / "c"), use_cache=False, jobs=2)
    third.check(scripts)
    assert len(calls(log)) == 3 + 1 + 1 + 2


def test_cli_ignoring_sc_does_not_run_shellcheck(tmp_path, counting_shellcheck):
    import subprocess

    exe, log = counting_shellcheck
    (tmp_path / "Dockerfile").write_text("FROM debian:12\nRUN echo $x\n")
    env = dict(
        os.environ,
        PATH=f"{os.path.dirname(exe)}{os.pathsep}{os.environ['PATH']}",
        STANZALINT_CACHE_DIR=str(tmp_path / "cache"),
    )
    subprocess.run(
        [sys.executable, "-m", "stanzalint", "check", "--ignore", "SC", "Dockerfile"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        timeout=120,
    )
    assert calls(log) == []
    out = subprocess.run(
        [sys.executable, "-m", "stanzalint", "check", "--select", "SC", "Dockerfile"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Dockerfile:2:10: SC2086 " in out.stdout
    assert len(calls(log)) == 2


def test_onbuild_run_is_checked(checker):
    text = "FROM debian:12\nONBUILD RUN cd /src; make\n"
    assert sc(text, checker) == [("SC2164", "cd /src", (1, 12))]


def test_fragment_without_from_is_checked(checker):
    assert sc("RUN echo $x\n", checker) == [("SC2086", "$x", (0, 9)), ("SC2154", "$x", (0, 9))]


def test_fragment_declarations_count(checker):
    text = "ENV HOME_DIR=/opt/app\nARG MODE\nRUN mkdir $HOME_DIR && echo $MODE $other\n"
    assert [(c, snippet) for c, snippet, _ in sc(text, checker)] == [("SC2086", "$other"), ("SC2154", "$other")]


def test_buildkit_predefined_proxy_args_are_known(checker):
    text = 'FROM debian:12\nRUN echo "$http_proxy" "$no_proxy" "$all_proxy" "$other"\n'
    assert sc(text, checker) == [("SC2154", "$other", (1, 49))]


def test_a_finding_that_runs_to_the_end_of_a_crlf_line_stops_before_the_line_break(checker):
    from stanzalint.lsp.positions import PositionMap

    text = "FROM debian:12\r\nRUN <<EOT\r\ncat <<EOF\r\nabc\r\nEOT\r\n"
    result = lint(text, SC_ONLY, extra=extra_for(checker))
    positions = PositionMap(result.dockerfile.lines)
    (finding,) = [v for v in result.violations if v.code == "SC1044"]
    assert text[finding.span.start : finding.span.end] == "EOF"
    assert (positions.position(finding.span.start), positions.position(finding.span.end)) == ((2, 6), (2, 9))


def test_a_script_s_key_is_the_sha256_of_its_parts_as_hashlib_gives_it():
    # the key names the script's results in the disk cache: it must not change with the module
    # that computes the digest
    import hashlib

    from stanzalint.engine import prepare
    from stanzalint.shellcheck import EXCLUDED, scripts_of

    (script,) = scripts_of(*prepare("FROM debian:12\nARG V\nRUN echo \"$V\" 'é'\n"))
    digest = hashlib.sha256()
    for part in ("0.10.0", ",".join(EXCLUDED), script.source()):
        digest.update(part.encode("utf-8") + b"\0")
    assert script.key("0.10.0") == digest.hexdigest()


def test_keying_scripts_imports_neither_tempfile_nor_openssl_s_digests():
    # a language server keys every RUN's scripts; tempfile is for ShellCheck's runs alone
    import subprocess

    child = (
        "import importlib.util, sys\n"
        "from stanzalint.engine import prepare\n"
        "from stanzalint.shellcheck import scripts_of\n"
        "[script.key('0.10.0') for script in scripts_of(*prepare('FROM debian:12\\nRUN echo hi\\n'))]\n"
        "own = importlib.util.find_spec('_sha256') or importlib.util.find_spec('_sha2')\n"
        "print('tempfile' in sys.modules, own is not None and 'hashlib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
