"""The ShellCheck findings a server lint includes, remembered per RUN across a document's lints
(``KnownScripts``): after any sequence of edits they are exactly those of a fresh look at the
whole file, and a lint through the store publishes what a full lint with ShellCheck reports."""

from __future__ import annotations

import hashlib

import pytest
from edits import TEXTS, edits
from fake_answers import AnswersChangeWhenSaid
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stanzalint.config import Config
from stanzalint.engine import lint, prepare
from stanzalint.lsp.documents import DocumentStore
from stanzalint.lsp.shellcheck_pass import KnownScripts, ShellCheckPass
from stanzalint.shellcheck import Finding, ShellCheck, find_executable, findings_for

SCRIPTS = (
    "# hadolint shell=bash\n"
    "ARG PROXY_TAG=1\n"
    "FROM debian:12 AS base\n"
    "ARG VERSION\n"
    "ENV HOME_DIR=/home/app\n"
    "RUN echo $VERSION $HOME_DIR $UNSET && cd /tmp\n"
    'SHELL ["/bin/bash", "-c"]\n'
    "RUN echo $VERSION `date` \\\n"
    "  && echo $http_proxy\n"
    "RUN <<EOF\n"
    "echo $HOME_DIR\n"
    "cd /x\n"
    "EOF\n"
    "ONBUILD RUN echo $VERSION\n"
    "FROM base\n"
    "RUN echo $VERSION $HOME_DIR\n"
    'SHELL ["pwsh", "-c"]\n'
    "RUN echo $x\n"
)
#: Edits that change what decides a script's findings: its dialect, its declared names, the
#: escape character, where it stands.
PIECES = [
    'SHELL ["/bin/sh", "-c"]\n',
    'SHELL ["/bin/zsh", "-c"]\n',
    "# hadolint shell=ksh\n",
    "# escape=`\n",
    "ARG UNSET\n",
    "ENV VERSION=2\n",
    "ARG http_proxy\n",
    "$VERSION",
    "${UNSET}",
    "RUN echo $HOME_DIR\n",
    "FROM base AS other\n",
    "\n",
    " \\\n",
    "`",
    "x",
    "# a note\n",
]


class KeyedAnswers(AnswersChangeWhenSaid):
    """A ShellCheck cache whose answer is a function of the script key: some scripts unseen,
    others with findings whose place and message follow the key (a script given the wrong key
    gets the wrong findings)."""

    available = True
    version = "test"

    def recall(self, key: str) -> list[Finding] | None:
        digest = hashlib.sha256(key.encode()).digest()
        if digest[0] < 40:
            return None
        return [
            Finding(
                code=2000 + digest[1 + i] % 50,
                level=("error", "warning", "info", "style")[digest[2 + i] % 4],
                message=key[:12],
                line=1 + digest[3 + i] % 3,
                column=1 + digest[4 + i] % 9,
                end_line=2 + digest[3 + i] % 3,
                end_column=1 + digest[5 + i] % 9,
            )
            for i in range(digest[6] % 3)
        ]


def shown(found: list) -> list[tuple]:
    return sorted((v.code, v.span.start, v.span.end, v.message, v.severity, v.name, v.instruction_line) for v in found)


@st.composite
def script_edits(draw, text):
    """An edit of the corpus kind, or one inserting what decides a script's findings."""
    if draw(st.booleans()):
        return draw(edits(text))
    at = draw(st.integers(0, len(text)))
    if draw(st.booleans()):
        at = text.rfind("\n", 0, at) + 1
    end = min(len(text), at + draw(st.sampled_from([0, 0, 1, 3])))
    return at, end, draw(st.sampled_from(PIECES))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_remembered_known_findings_equal_a_fresh_look_after_each_edit(data):
    edited_against_a_fresh_look(data, [SCRIPTS, SCRIPTS, *TEXTS], script_edits)


def edited_against_a_fresh_look(data, texts: list[str], edit) -> None:
    """One of ``texts`` edited a few times (``edit(text)``: a strategy for an edit) through one
    memo: after each edit, the findings are a fresh look's."""
    checker = KeyedAnswers()
    text = data.draw(st.sampled_from(texts))
    memo = KnownScripts()
    dockerfile, analysis = prepare(text, Config())
    memo.known(checker, dockerfile, analysis)
    for _ in range(data.draw(st.integers(1, 6))):
        start, end, inserted = data.draw(edit(text))
        text = text[:start] + inserted + text[end:]
        dockerfile, analysis = prepare(text, Config(), analysis)
        found, complete = memo.known(checker, dockerfile, analysis)
        fresh, fresh_complete = ShellCheckPass.known(checker, *prepare(text, Config()))
        assert (shown(found), complete) == (shown(fresh), fresh_complete)


def test_the_memo_keeps_only_what_the_last_two_lints_used():
    checker = KeyedAnswers()
    memo = KnownScripts()
    for n in range(30):
        text = "FROM debian:12\n" + "".join(f"RUN echo {n} {i}\n" for i in range(5))
        memo.known(checker, *prepare(text, Config()))
    assert len(memo) <= 10


@pytest.mark.parametrize("end", ["\r", "\r\n", "", "\n\n"])
def test_a_heredoc_left_open_at_the_end_of_the_file_is_known_by_its_last_line_break(end):
    """Its script reads up to the end of the file, past the instruction's end: a change of the
    final line break is a new script."""
    checker = KeyedAnswers()
    memo = KnownScripts()
    before = "FROM debian:12\nRUN <<EOF\ncd /x\n"
    after = before[:-1] + end
    _, analysis = prepare(before, Config())
    memo.known(checker, *prepare(before, Config()))
    found, complete = memo.known(checker, *prepare(after, Config(), analysis))
    fresh, fresh_complete = ShellCheckPass.known(checker, *prepare(after, Config()))
    assert (shown(found), complete) == (shown(fresh), fresh_complete)


needs_shellcheck = pytest.mark.skipif(find_executable() is None, reason="ShellCheck is not installed")


@needs_shellcheck
def test_a_server_lint_publishes_what_a_full_lint_with_shellcheck_reports(tmp_path):
    """Edits inside a RUN, above it, to its SHELL, to an ARG it uses, to the escape directive:
    each lint through the document's memos equals a full lint with ShellCheck."""
    checker = ShellCheck(cache_dir=str(tmp_path / "cache"))
    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(lambda: checker)
    store.shellcheck.wait_checker(10)
    path = tmp_path / "Dockerfile"
    config = Config()
    steps = [
        SCRIPTS,
        SCRIPTS.replace("cd /tmp", "cd /tmpx"),  # inside a RUN
        "LABEL a=b\n" + SCRIPTS,  # above everything: every RUN moves
        SCRIPTS.replace('SHELL ["/bin/bash", "-c"]', 'SHELL ["/bin/sh", "-c"]'),  # its dialect
        SCRIPTS.replace("ENV HOME_DIR=/home/app\n", "ENV HOME_DIR=/home/app\nARG UNSET\n"),  # a name it uses
        "# escape=`\n" + SCRIPTS,  # the escape character
        SCRIPTS,  # undo
    ]
    doc = store.open(path.as_uri(), steps[0], 1)
    previous = None
    for text in steps:
        full = lint(text, config, str(path), extra=lambda d, a: findings_for(d, a, checker))
        result, complete = store._lint_document(doc, text, config, str(path), previous)
        assert complete
        assert shown(result.violations) == shown(full.violations)
        assert any(v.code.startswith("SC") for v in result.violations)
        previous = result.analysis


@needs_shellcheck
@pytest.mark.asyncio
async def test_the_shellcheck_follow_up_completes_a_lint_and_the_next_lint_remembers_it(tmp_path):
    checker = ShellCheck(cache_dir=str(tmp_path / "cache"))
    store = DocumentStore(lambda message: None)
    store.shellcheck = ShellCheckPass(lambda: checker)
    store.shellcheck.wait_checker(10)
    config = Config()
    path = tmp_path / "Dockerfile"
    doc = store.open(path.as_uri(), SCRIPTS, 1)
    first = await store.result(doc)
    assert doc.shellcheck_pending == {store.key(doc)}  # no script seen yet
    full = await store.shellcheck_result(doc, store.key(doc), first)
    expected = shown(lint(SCRIPTS, config, str(path), extra=lambda d, a: findings_for(d, a, checker)).violations)
    assert full is not None and shown(full.violations) == expected
    store.set_text(doc, SCRIPTS, 2)  # the same text again: the memo's lint, now complete
    again = await store.result(doc)
    assert doc.shellcheck_pending == set()
    assert shown(again.violations) == expected


class Learning(KeyedAnswers):
    """``KeyedAnswers``'s findings (or none) for the scripts it has been shown (``learn``), no
    answer for the others: a ShellCheck that has yet to run on new scripts."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def recall(self, key: str) -> list[Finding] | None:
        return (super().recall(key) or []) if key in self.seen else None

    def learn(self, dockerfile, analysis) -> None:
        from stanzalint.shellcheck import scripts_of

        self.seen.update(script.key(self.version) for script in scripts_of(dockerfile, analysis))
        self.changed()


MANY_RUNS = "FROM debian:12\nARG V=1\n" + "".join(f"RUN echo {i} $V $HOME `date` && cd /x{i}\n" for i in range(40))


def _session(texts, checker):
    """Each text's (found, complete) through one memo, each equal to a fresh look's."""
    memo, analysis = KnownScripts(), None
    for text in texts:
        dockerfile, analysis = prepare(text, Config(), analysis)
        found, complete = memo.known(checker, dockerfile, analysis)
        fresh, fresh_complete = ShellCheckPass.known(checker, *prepare(text, Config()))
        assert (shown(found), complete) == (shown(fresh), fresh_complete), text
        yield found, complete


def keystroke_walks(monkeypatch, text: str, edited: str) -> tuple[list, list, list]:
    """``text`` then ``edited`` through one memo, ShellCheck knowing every script of both:
    the findings of each, checked against a fresh look, and the walks over the RUNs the second
    lint made."""
    import stanzalint.shellcheck as shellcheck

    checker = Learning()
    checker.learn(*prepare(text, Config()))
    checker.learn(*prepare(edited, Config()))
    expected = ShellCheckPass.known(checker, *prepare(edited, Config()))
    memo = KnownScripts()
    dockerfile, analysis = prepare(text, Config())
    before, _ = memo.known(checker, dockerfile, analysis)
    walks: list = []
    monkeypatch.setattr(shellcheck, "shell_runs", lambda *args: walks.append(args) or [])
    after, complete = memo.known(checker, *prepare(edited, Config(), analysis))
    assert (shown(after), complete) == (shown(expected[0]), expected[1]) and complete
    return before, after, walks


def test_a_keystroke_inside_a_run_asks_about_that_run_alone(monkeypatch):
    at = MANY_RUNS.index("echo 20") + len("echo 2")
    before, after, walks = keystroke_walks(monkeypatch, MANY_RUNS, MANY_RUNS[:at] + "x" + MANY_RUNS[at:])
    assert walks == []
    earlier = [v for v in before if v.span.end < at]
    assert earlier and all(a is b for a, b in zip(earlier, after))
    assert [v.span.start for v in after if v.span.start > at + 1] == [
        v.span.start + 1 for v in before if v.span.start > at
    ]


def test_an_edit_that_makes_a_run_take_in_the_next_instruction_walks_the_file():
    text = "FROM debian:12\nRUN echo a\nRUN echo $x `date`\n"
    continued = text.replace("echo a\n", "echo a \\\n")
    checker = KeyedAnswers()
    assert list(_session([text, continued, text], checker))


def test_a_shell_pragma_typed_inside_a_run_changes_the_other_runs_dialect():
    text = "FROM debian:12\nRUN echo a \\\n# hadolint shellx=ksh\n  && echo b\nRUN echo $x `date`\n"
    checker = Learning()
    pragma = text.replace("shellx", "shell")
    for each in (text, pragma):
        checker.learn(*prepare(each, Config()))
    results = list(_session([text, pragma], checker))
    assert results[0][0] != [] and results[1][1]


def test_a_run_shellcheck_has_yet_to_see_is_asked_about_again_once_it_has():
    checker = Learning()
    at = MANY_RUNS.index("echo 20") + len("echo 2")
    typed = MANY_RUNS[:at] + "y" + MANY_RUNS[at:]
    checker.learn(*prepare(MANY_RUNS, Config()))
    elsewhere = typed.replace("echo 30", "echo 3z")  # then a keystroke in another RUN
    session = _session([MANY_RUNS, typed, elsewhere], checker)
    assert next(session)[1]
    assert not next(session)[1]  # the edited RUN is new to ShellCheck
    checker.learn(*prepare(elsewhere, Config()))  # ShellCheck ran meanwhile
    found, complete = next(session)
    assert complete and any(MANY_RUNS.index("echo 20") < v.span.start < MANY_RUNS.index("echo 21") for v in found)


def test_a_keystroke_reads_the_scripts_of_the_edited_run_alone_while_shellcheck_has_yet_to_see_any(monkeypatch):
    """The RUNs ShellCheck has yet to see are asked about again at every lint, by their scripts'
    keys: a keystroke inside one RUN reads no other RUN's scripts again."""
    import stanzalint.shellcheck as shellcheck

    checker = Learning()  # has seen no script yet
    at = MANY_RUNS.index("echo 20") + len("echo 2")
    typed = MANY_RUNS[:at] + "x" + MANY_RUNS[at:]
    memo = KnownScripts()
    dockerfile, analysis = prepare(MANY_RUNS, Config())
    assert memo.known(checker, dockerfile, analysis) == ([], False)
    read = []
    scripts_in = shellcheck.scripts_in
    monkeypatch.setattr(
        shellcheck, "scripts_in", lambda ins, *args: read.append(ins.start_line) or scripts_in(ins, *args)
    )
    assert memo.known(checker, *prepare(typed, Config(), analysis)) == ([], False)
    assert read and set(read) == {typed[:at].count("\n")}  # its line


def test_runs_shellcheck_had_yet_to_see_get_their_findings_where_they_stand_now():
    """RUNs waiting for ShellCheck since an edit moved them by characters and lines: once it has
    seen them, their findings are placed where they stand now, as a fresh look places them."""
    from stanzalint.shellcheck import scripts_of

    checker = Learning()
    at = MANY_RUNS.index(" && cd /x10")
    shifted = MANY_RUNS[:at] + " \\\n  && true" + MANY_RUNS[at:]  # every later RUN a line further
    at = shifted.index("echo 5") + len("echo ")
    typed = shifted[:at] + "y" + shifted[at:]
    session = _session([MANY_RUNS, shifted, typed], checker)
    assert not next(session)[1] and not next(session)[1]
    edited_line = typed[:at].count("\n")
    checker.seen.update(
        script.key(checker.version)
        for script in scripts_of(*prepare(typed, Config()))
        if script.instruction.start_line > edited_line  # the RUNs before, and the edited one, stay unseen
    )
    checker.changed()
    found, complete = next(session)
    assert not complete and found
    assert min(v.instruction_line for v in found) == typed[: typed.index("echo 6")].count("\n") + 1  # lines from 1


def keystrokes(text: str, at: int, word: str) -> list[str]:
    """The texts one keystroke after another while ``word`` is typed at ``at``."""
    return [text[:at] + word[:n] + text[at:] for n in range(1, len(word) + 1)]


def test_a_keystroke_in_a_comment_between_two_runs_walks_no_run(monkeypatch):
    """Only the text between two instructions changed: every RUN and all that decides its
    findings is as it was, so no RUN is walked again; the findings before the edit are the last
    lint's own, those after it moved."""
    at = MANY_RUNS.index("RUN echo 20")
    comment = MANY_RUNS[:at] + "# a comment\n" + MANY_RUNS[at:]
    before, after, walks = keystroke_walks(monkeypatch, comment, comment[: at + 5] + "x" + comment[at + 5 :])
    assert walks == []
    earlier = [v for v in before if v.span.end < MANY_RUNS.index("RUN echo 19")]  # the RUN before is read again
    assert earlier and all(a is b for a, b in zip(earlier, after))
    assert [v.span.start for v in after if v.span.start > at + 5] == [
        v.span.start + 1 for v in before if v.span.start > at
    ]


@pytest.mark.parametrize(
    "at, word",
    [
        (MANY_RUNS.index("RUN echo 20"), "# a comment\n"),  # a line added, then typed in
        (MANY_RUNS.index("RUN echo 20"), "\n\n"),  # blank lines added
        (MANY_RUNS.index("RUN echo 20") - 1, " # trailing"),  # after a RUN, on its line
        (MANY_RUNS.index("RUN echo 0"), "# before the first RUN\n"),
        (len(MANY_RUNS), "# after the last RUN"),
        (MANY_RUNS.index("RUN echo 20"), "# hadolint shell=powershell\n"),  # the other RUNs' dialect
    ],
)
def test_keystrokes_between_instructions_give_the_findings_of_a_fresh_look(at, word):
    checker = Learning()
    texts = [MANY_RUNS, *keystrokes(MANY_RUNS, at, word)]
    texts += [text for text in reversed(texts[:-1])]  # then erased
    for text in texts:
        checker.learn(*prepare(text, Config()))
    assert all(complete for _found, complete in _session(texts, checker))


def test_a_line_removed_between_two_runs_moves_the_later_findings_up():
    checker = Learning()
    spaced = MANY_RUNS.replace("RUN echo 20", "\n\nRUN echo 20")
    texts = [spaced, spaced.replace("\n\n\nRUN echo 20", "\n\nRUN echo 20"), MANY_RUNS]
    for text in texts:
        checker.learn(*prepare(text, Config()))
    found = [found for found, _complete in _session(texts, checker)]
    assert [v.instruction_line for v in found[1]] == [v.instruction_line - (v.instruction_line > 22) for v in found[0]]


def test_a_line_continuation_typed_above_a_from_moves_the_later_findings_by_the_lines_they_moved():
    """`` \\`` on the blank line above a FROM starts the FROM on that line: the FROM still moves
    whole by the edit's length, but its start line goes up one while the RUNs after it go down
    one. Their findings are where a fresh look puts them, on this lint and the next."""
    checker = Learning()
    text = "FROM alpine AS a\nRUN mkdir -p /tgi\n\nFROM alpine AS b\n" + "".join(
        f"RUN echo {i} $X `date` && cd /x{i}\n" for i in range(6)
    )
    at = text.index("\n\n") + 1
    texts = [text, text[:at] + " \\\n" + text[at:]]
    texts += [texts[-1]]
    for typed in texts:
        checker.learn(*prepare(typed, Config()))
    found = [found for found, _complete in _session(texts, checker)]
    later = [v.instruction_line + 1 for v in found[0] if v.span.start > at]
    assert later and [v.instruction_line for v in found[1] if v.span.start > at] == later


def test_a_word_typed_in_a_run_and_erased_gives_the_later_runs_their_first_findings_back():
    """Typing moves the RUNs after the edited one on, erasing moves them back: their findings,
    equal to a fresh look's at every keystroke, are then the very ones the first lint made, as
    are those of a place they stood at a keystroke before."""
    at = MANY_RUNS.index("echo 20") + len("echo 2")
    typed = keystrokes(MANY_RUNS, at, "pkg")
    texts = [MANY_RUNS, *typed, *reversed(typed[:-1]), MANY_RUNS]
    checker = Learning()
    for text in texts:
        checker.learn(*prepare(text, Config()))
    found = [found for found, _complete in _session(texts, checker)]

    def later(findings: list) -> list:
        return [v for v in findings if v.span.start > at + 3]

    assert later(found[0]) and all(a is b for a, b in zip(later(found[0]), later(found[-1]), strict=True))
    assert all(a is b for a, b in zip(later(found[2]), later(found[4]), strict=True))  # "pk" typed, then "g" erased


#: RUNs among instructions that decide nothing about them (``DECIDING``): typing in those
BYSTANDERS = (
    "FROM debian:12 AS build\n"
    "ARG V=1\n"
    "ENV HOME_DIR=/home/app\n"
    + "".join(
        f"COPY --from=build a{i}.txt /opt/\nLABEL n{i}=v\nUSER app{i}\nRUN echo {i} $V $HOME_DIR $W `date` && cd /x{i}\n"
        for i in range(12)
    )
    + "WORKDIR /srv\nEXPOSE 80\n"
)


@pytest.mark.parametrize(
    "where, word",
    [
        ("COPY --from=build a6.txt", "xyz"),  # a source typed
        ("LABEL n6=", "w"),
        ("USER app6", "x"),
        ("COPY --from=bui", "ld"),  # the stage it copies out of
        ("WORKDIR /srv", "/x"),  # the last but one instruction
        ("EXPOSE 80", "80"),  # the last instruction, to the file's end
        ("COPY --from=build a6.txt", " \\\n  b.txt"),  # a line added inside it: the later RUNs go down
        ("ENV HOME_DIR=/home", "x"),  # a value typed: the same names declared
        ("ARG V=1", "0"),
    ],
)
def test_a_keystroke_inside_an_instruction_that_decides_no_run_walks_no_run(monkeypatch, where, word):
    """Every RUN and all that decides its findings is as it was: no RUN is walked again, the
    findings before the edit are the last lint's own, those after it moved, and all of them are
    a fresh look's (``keystroke_walks``)."""
    at = BYSTANDERS.index(where) + len(where)
    before, after, walks = keystroke_walks(monkeypatch, BYSTANDERS, BYSTANDERS[:at] + word + BYSTANDERS[at:])
    assert walks == []
    assert [v for v in after if v.span.end < at] == [v for v in before if v.span.end < at]
    assert all(a is b for a, b in zip([v for v in before if v.span.end < at], after))
    lines = word.count("\n")
    assert [(v.span.start, v.instruction_line) for v in after if v.span.start > at] == [
        (v.span.start + len(word), v.instruction_line + lines) for v in before if v.span.start > at
    ]


def walks_again(monkeypatch, text: str, edited: str) -> int:
    """``text`` then ``edited`` through one memo, each lint's findings equal to a fresh look's:
    how many walks over the RUNs the second lint made."""
    import stanzalint.shellcheck as shellcheck

    checker = Learning()
    for each in (text, edited):
        checker.learn(*prepare(each, Config()))
    session = _session([text, edited], checker)
    next(session)
    walks: list = []
    shell_runs = shellcheck.shell_runs
    monkeypatch.setattr(shellcheck, "shell_runs", lambda *args: walks.append(args) or shell_runs(*args))
    assert next(session)[1]
    return len(walks) - 1  # the fresh look's own walk


@pytest.mark.parametrize(
    "edited",
    [
        BYSTANDERS.replace("COPY --from=build a6.txt /opt/", "RUN echo $W `date` /opt/"),  # a COPY made a RUN
        BYSTANDERS.replace("USER app6\n", "ENV W=1\n"),  # a USER made an ENV that declares W
        BYSTANDERS.replace("ENV HOME_DIR=", "ENV W=1 HOME_DIR="),  # a name typed in an ENV
        BYSTANDERS.replace("ENV HOME_DIR=", "ENV HOME_DI="),  # an ENV's name edited
        BYSTANDERS.replace("ENV HOME_DIR=/home/app", "ENV HOME_DIR=/home/app \\\n  W=2"),  # a pair added
        BYSTANDERS.replace("ARG V=1", "ARG W=1"),  # an ARG's name edited
        BYSTANDERS.replace("USER app6\n", "USER app6 \\\n"),  # a USER takes in the next RUN
        BYSTANDERS.replace("LABEL n6=v\n", "LABEL n6=v\nFROM build\n"),  # a FROM added
    ],
)
def test_an_edit_that_changes_what_decides_a_run_walks_again_and_gives_a_fresh_looks_findings(monkeypatch, edited):
    assert walks_again(monkeypatch, BYSTANDERS, edited) == 1


def test_a_value_typed_in_a_global_arg_walks_again_and_gives_a_fresh_looks_findings(monkeypatch):
    """A global ARG's value names the stage a FROM is built on, and so the names its RUNs
    start with: ``W`` is declared to the RUN while its stage is built on ``a``, not on ``b``."""
    text = "ARG BASE=a\nFROM debian:12 AS a\nENV W=1\nFROM debian:12 AS b\nFROM $BASE AS c\nRUN echo $W `date`\n"
    assert walks_again(monkeypatch, text, text.replace("BASE=a", "BASE=b")) == 1


def test_a_value_given_to_an_env_key_declares_it(monkeypatch):
    """``ENV W`` declares no name to a RUN of its stage, ``ENV W=1`` declares ``W``."""
    text = BYSTANDERS.replace("ENV HOME_DIR=/home/app\n", "ENV W\n")
    at = text.index("ENV W") + len("ENV W")
    assert walks_again(monkeypatch, text, text[:at] + "=1" + text[at:]) == 1


def test_a_value_typed_in_an_arg_of_a_file_without_stages_walks_no_run(monkeypatch):
    """Without a FROM no ARG's value names a stage: the same names are declared."""
    text = "ARG V=1\nENV W=1\nRUN echo $V $W `date`\n"
    assert walks_again(monkeypatch, text, text.replace("V=1", "V=12")) == 0


def test_an_env_name_typed_one_keystroke_at_a_time_gives_a_fresh_looks_findings():
    """``HOME_DIR`` typed, then erased, in an ENV a later RUN reads it from: declared, then not."""
    checker = Learning()
    text = BYSTANDERS.replace("ENV HOME_DIR=/home/app\n", "ENV =/home/app\n")
    at = text.index("ENV ") + len("ENV ")
    typed = keystrokes(text, at, "HOME_DIR")
    texts = [text, *typed, *reversed(typed[:-1]), text]
    for each in texts:
        checker.learn(*prepare(each, Config()))
    assert all(complete for _found, complete in _session(texts, checker))


@st.composite
def edits_inside_instructions(draw, text):
    """An edit inside one instruction of ``text``: what changes it (a line break, a
    continuation, a word typed or erased), or what turns it into another one."""
    from stanzalint.syntax.parser import parse

    instructions = parse(text).instructions
    if not instructions:
        return 0, 0, "x"
    span = draw(st.sampled_from(instructions)).span
    at = draw(st.integers(span.start + 1, max(span.start + 1, span.end)))
    end = min(span.end, at + draw(st.sampled_from([0, 0, 0, 1, 4])))
    return at, max(at, end), draw(st.sampled_from(["x", "$W", " ", "=", " \\\n", "\n", "RUN ", "W=1 ", ""]))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_remembered_known_findings_equal_a_fresh_look_after_edits_inside_instructions(data):
    edited_against_a_fresh_look(data, [BYSTANDERS, SCRIPTS, *TEXTS], edits_inside_instructions)


class CachedOnly(ShellCheck):
    """ShellCheck's own result cache, on disk in ``directory`` and timed by ``clock``, that never
    runs ShellCheck: the keys it is asked about are noted (``asked``)."""

    def __init__(self, directory, clock) -> None:
        from stanzalint.shellcheck_cache import ResultCache

        super().__init__(executable="shellcheck", cache_dir=str(directory))
        self._version = "test"
        self.cache = ResultCache(
            self.cache_dir,
            encode=lambda found: [f.__dict__ for f in found],
            decode=lambda items: [Finding(**item) for item in items],
            clock=clock,
        )
        self.asked: list[str] = []

    def recall(self, key: str) -> list[Finding] | None:
        self.asked.append(key)
        return super().recall(key)


def test_runs_waiting_for_shellcheck_are_asked_again_once_its_cache_may_answer_them(tmp_path):
    """Typing while ShellCheck has yet to see the file's scripts asks about the RUN typed in
    alone; a result taken in (ShellCheck ran) or a miss on disk expired (another process may
    have written the result) has every waiting RUN asked again, as a fresh look asks."""
    from stanzalint.shellcheck import scripts_of
    from stanzalint.shellcheck_cache import ResultCache

    now = [0.0]
    checker = CachedOnly(tmp_path, lambda: now[0])
    at = MANY_RUNS.index("echo 20") + len("echo 2")
    texts = keystrokes(MANY_RUNS, at, "abcde")

    def keys(text: str) -> dict[int, str]:
        """Each RUN's script key, by its line."""
        return {s.instruction.start_line: s.key("test") for s in scripts_of(*prepare(text, Config()))}

    key_of = keys(MANY_RUNS)
    typed_in = MANY_RUNS[:at].count("\n")
    finding = Finding(2086, "info", "Double quote it.", 1, 6, 1, 8)
    memo, analysis = KnownScripts(), None

    def lint(text: str) -> list:
        nonlocal analysis
        dockerfile, analysis = prepare(text, Config(), analysis)
        checker.asked.clear()
        found, complete = memo.known(checker, dockerfile, analysis)
        asked = list(checker.asked)
        fresh, fresh_complete = ShellCheckPass.known(checker, *prepare(text, Config()))
        assert (shown(found), complete) == (shown(fresh), fresh_complete), text
        return asked

    assert set(lint(MANY_RUNS)) == set(key_of.values())  # none seen yet
    assert set(lint(texts[0])) == {keys(texts[0])[typed_in]}  # the RUN typed in alone
    checker.cache.remember(key_of[5], [finding])  # ShellCheck ran for one RUN
    assert set(lint(texts[1])) == set(keys(texts[1]).values())
    assert set(lint(texts[2])) == {keys(texts[2])[typed_in]}
    ResultCache(str(tmp_path), encode=list, decode=list).remember(key_of[9], [finding.__dict__])  # another process
    assert set(lint(texts[3])) == {keys(texts[3])[typed_in]}  # its miss is still remembered: a fresh look misses it too
    now[0] += 10  # every miss expired
    assert set(lint(texts[4])) == set(keys(texts[4]).values()) - {key_of[5]}  # the seen RUN's answer is remembered
