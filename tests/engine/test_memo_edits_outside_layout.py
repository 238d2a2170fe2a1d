"""Keystrokes inside instructions whose text the layout of the stages does not read (COPY, LABEL,
USER, WORKDIR...: ``findings_memo.TEXT_OUTSIDE_LAYOUT``) through the findings memo: the layout is
taken over from the last lint, and each lint reports exactly what a fresh lint reports; an edit
of such an instruction's keyword or flags, of one inside an ONBUILD, or of an ENV, ARG, FROM or
SHELL makes the layout again."""

from __future__ import annotations

import pytest
from stanzalint.config import Config
from stanzalint.engine import prepare
from stanzalint.findings_memo import LastLint, LintRows, Tokens
from stanzalint.rules.base import Fact, Scope
from stanzalint.rules.lint_facts import LintFacts
from test_lint_rows import Values, assert_stand_for, layout_of
from test_memo_edits_between_instructions import assert_each_lint_is_a_fresh_one, erased, typed

CONFIG = Config()

TEXT = (
    "ARG BASE=debian:12\n"
    "FROM $BASE AS build\n"
    "ENV P=/opt\n"
    "RUN apt-get update && apt-get install -y curl\n"
    "COPY a.txt /opt/\n"
    "LABEL foo=bar\n"
    "USER app\n"
    "WORKDIR /src\n"
    "EXPOSE 80\n"
    "HEALTHCHECK --interval=5s CMD curl -f localhost\n"
    "ONBUILD COPY x /y\n"
    "RUN apt-get install -y gcc && make\n"
    'SHELL ["/bin/bash", "-c"]\n'
    "FROM build AS test\n"
    "RUN make test\n"
    "FROM debian:12\n"
    "COPY --from=build /opt /opt\n"
    'CMD ["app"]\n'
)


def layouts_after(edited: str) -> tuple[LintRows, LintRows]:
    """The rows of ``TEXT`` and of ``edited`` (linted next, on its parse), each layout read,
    asserting that every token of both stands for the value a fresh lint reads there."""
    tokens, last, meaning, found = Tokens(), LastLint(), {}, []
    previous = None
    for text in (TEXT, edited):
        tokens.next_lint()
        rows = LintRows(LintFacts(*prepare(text, CONFIG, previous), CONFIG), tokens, last)
        now, fresh = layout_of(rows), layout_of(LintRows(LintFacts(*prepare(text, CONFIG), CONFIG), Values()))
        assert now["links"] == fresh["links"]
        assert_stand_for(meaning, zip(now["declarations"], fresh["declarations"]))
        assert_stand_for(meaning, zip(now["stages"], fresh["stages"]))
        assert_stand_for(meaning, zip(now["stage rows"], fresh["stage rows"]))
        for column, values in fresh["columns"].items():
            assert_stand_for(meaning, zip(now["columns"][column], values))
        found.append(rows)
        previous = rows.analysis
    return found[0], found[1]


@pytest.mark.parametrize(
    "old, new",
    [
        ("COPY a.txt /opt/", "COPY a.txtx /opt/"),
        ("foo=bar", "foo=barx"),
        ("USER app", "USER apps"),
        ("WORKDIR /src", "WORKDIR /srcx"),
        ("EXPOSE 80", "EXPOSE 8080"),
        ("-f localhost", "-f localhost:80"),
        ("--from=build /opt", "--from=build /opt/lib"),
        ('CMD ["app"]', 'CMD ["apps"]'),
    ],
)
def test_an_edit_of_text_the_layout_does_not_read_takes_the_layout_over(old, new):
    """Also the projections of the edited stage for rules reading only some commands, made from
    the last lint's with the edited instruction's text in its place (``layout_of``)."""
    first, second = layouts_after(TEXT.replace(old, new, 1))
    assert second.same_layout
    assert second.declarations_before(Scope.INSTRUCTION) is first.declarations_before(Scope.INSTRUCTION)
    assert second.fact_values(Scope.INSTRUCTION, Fact.SHELL) is first.fact_values(Scope.INSTRUCTION, Fact.SHELL)


@pytest.mark.parametrize(
    "old, new",
    [
        ("COPY a.txt", "COPY --from=test a.txt"),  # a flag naming a stage
        ("ONBUILD COPY x", "ONBUILD COPY xz"),
        ("COPY a.txt", "COPYX a.txt"),
        ("RUN apt-get install -y gcc", "COPY apt-get install -y gcc"),  # another keyword of the list
        ("ENV P=/opt", "ENV P=/o"),
        ("ARG BASE=debian:12\nFROM $BASE", "ARG BASE=debian:12\nFROM $BASEX"),
        ("FROM build AS test", "FROM debian:12 AS test"),
        ('"-c"]', '"-ec"]'),
    ],
)
def test_an_edit_of_a_keyword_flags_an_onbuild_or_what_the_layout_reads_makes_it_again(old, new):
    first, second = layouts_after(TEXT.replace(old, new, 1))
    assert not second.same_layout
    assert second.declarations_before(Scope.INSTRUCTION) is not first.declarations_before(Scope.INSTRUCTION)


def after(text: str, marker: str) -> int:
    """The offset in ``text`` just after ``marker``."""
    return text.index(marker) + len(marker)


@pytest.mark.parametrize("marker, word", [("a.txt", "x/y"), ("foo=bar", " baz=1"), ("USER app", ":app")])
def test_words_typed_and_erased_in_a_copy_a_label_and_a_user(marker, word):
    at = after(TEXT, marker)
    words = typed(TEXT, at, word)
    assert_each_lint_is_a_fresh_one([TEXT, *words, *erased(words[-1], at + len(word), len(word))])


def test_a_copied_path_typed_into_one_that_holds_a_builder_s_apt_cache():
    """The builder's cache ships once the final stage copies a directory holding it: DL3009
    judges the builder's RUN by the COPY's source."""
    text = (
        "FROM debian:12 AS build\nRUN apt-get update && apt-get install -y curl\n"
        "FROM debian:12\nCOPY --from=build /opt /opt\nUSER app\n"
    )
    at = after(text, "--from=build /")
    path = erased(text, at + 3, 3)[-1]
    found = assert_each_lint_is_a_fresh_one([text, *erased(text, at + 3, 3), *typed(path, at, "var")])
    assert "DL3009" not in [f[0] for f in assert_each_lint_is_a_fresh_one([text])]
    assert "DL3009" in [f[0] for f in found]


def test_a_from_flag_typed_into_a_copy_an_onbuild_copy_edited_and_a_keyword_changed():
    at = after(TEXT, "\nCOPY ")
    flagged = typed(TEXT, at, "--from=test ")
    assert_each_lint_is_a_fresh_one([TEXT, *flagged, *erased(flagged[-1], at + 12, 12)])
    at = after(TEXT, "ONBUILD COPY x")
    assert_each_lint_is_a_fresh_one([TEXT, *typed(TEXT, at, "yz")])
    at = after(TEXT, "\nCOPY")
    renamed = typed(TEXT, at, "X")
    assert_each_lint_is_a_fresh_one([TEXT, *renamed, *erased(renamed[-1], at + 1, 1)])
