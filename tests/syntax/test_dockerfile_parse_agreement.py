"""Where dockerfile-parse's ENV/LABEL/ARG splitting and ours agree on the shared corpus.

``dockerfile_parse.util`` is a ready-made tool for quote-aware word splitting and key/value
parsing. Our parser splits ENV/LABEL/ARG itself, because it must keep BuildKit's
exact words and their ranges (BuildKit keeps quotes in the parsed value and honours the
``escape`` directive; dockerfile-parse always uses a backslash). This test shows the two
agree on every ENV, LABEL and ARG of the corpus once quotes are removed with
dockerfile-parse's own ``WordSplitter.dequote`` — so analysis code may use either to
unquote a value. Where they would differ BuildKit's reading wins; the cases known to differ
are pinned in ``test_known_differences``.
"""

from __future__ import annotations

import pytest
from repo_paths import CORPUS_ABSENT
from stanzalint.syntax import decode, parse
from syntax_oracle import corpus_files

util = pytest.importorskip("dockerfile_parse.util")
FILES = corpus_files()


def ours_key_values(ins):
    dq = lambda s: util.WordSplitter(s).dequote()  # noqa: E731
    if ins.keyword == "ARG":
        return [tuple(dq(p) for p in t.value.split("=", 1)) for t in ins.args]
    return [(dq(k.value), dq(v.value)) for k, v in zip(ins.args[0::2], ins.args[1::2])]


def theirs_key_values(ins):
    if ins.keyword == "ARG":
        words = util.WordSplitter(ins.rest.text).split(dequote=True)
        return [tuple(w.split("=", 1)) for w in words]
    return [tuple(kv) for kv in util.extract_key_values(False, {}, {}, ins.rest.text)]


@pytest.mark.skipif(not FILES, reason=CORPUS_ABSENT)
def test_env_label_arg_agree_on_corpus():
    compared = 0
    differing = []
    for path in FILES:
        for ins in parse(decode(path.read_bytes())).walk():
            if ins.keyword not in ("ENV", "LABEL", "ARG") or not ins.args:
                continue
            compared += 1
            if ours_key_values(ins) != theirs_key_values(ins):
                differing.append((path.name, ins.start_line, ins.original))
    assert differing == []
    assert compared > 1000


def test_known_differences():
    # The escape directive: BuildKit splits with the backtick, dockerfile-parse with '\'.
    ins = parse("# escape=`\nFROM a\nENV A=x` y B=2\n").instructions[1]
    assert [t.value for t in ins.args] == ["A", "x` y", "B", "2"]
    with pytest.raises(ValueError):  # dockerfile-parse sees a stray word "y"
        util.extract_key_values(False, {}, {}, ins.rest.text)
    # Legacy form: BuildKit keeps the whole rest of the line as the value, quotes and all.
    ins = parse('FROM a\nENV A "b"  c\n').instructions[1]
    assert [t.value for t in ins.args] == ["A", '"b"  c']
