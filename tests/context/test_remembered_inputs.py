"""What each instruction reads from the build context, remembered on the context tree across
lints (``inputs_by_instruction``): after edits to a COPY source, to an unrelated line above the
COPY lines, to the variables a source uses and to the escape character, and after the context or
its .dockerignore changes, the lint's inputs and the build-context rules' findings are those
worked out afresh."""

from __future__ import annotations

import os

from contexts import make_tree
from stanzalint.config import Config
from stanzalint.context.known import KNOWN
from stanzalint.context.sources import inputs_by_instruction, inputs_of
from stanzalint.context.tree import derived_memo
from stanzalint.engine import lint, prepare
from stanzalint.rules.lint_facts import LintFacts

FILES = {
    ".dockerignore": "secrets\n*.log\n",
    "app/main.py": "",
    "app/util/io.py": "",
    "big.bin": "x" * 5000,
    "requirements.txt": "",
    "secrets/key.pem": "",
    "debug.log": "",
}
TEXT = (
    "FROM python:3.12-slim AS base\n"
    "ARG SRC=app\n"
    "RUN pip install flask\n"
    "COPY requirements.txt ./\n"
    "COPY app /app\n"
    "COPY $SRC/util /util\n"
    "COPY app/main.py /opt/$SRC/\n"
    'COPY ["app/main.py", "/m.py"]\n'
    "COPY --exclude=*.py app /rest\n"
    "COPY missing.txt /x\n"
    "COPY secrets/key.pem /k\n"
    "ONBUILD COPY big.bin /b\n"
    "RUN --mount=type=bind,source=app,target=/src cp -r /src /dst\n"
    "FROM base\n"
    "COPY --from=base /app /app\n"
    "COPY app/main.py /main.py\n"
)
EDITS = [
    TEXT.replace("COPY app /app", "COPY app/util /app"),  # a COPY source
    TEXT.replace("RUN pip install flask", "RUN pip install flask gunicorn\nRUN echo moved"),  # above: all move
    TEXT.replace("ARG SRC=app", "ARG SRC=app/util"),  # a variable a source uses
    TEXT.replace("COPY missing.txt /x", "COPY missing.txt \\\n  requirements.txt /x"),
    "# escape=`\n" + TEXT,  # the escape character
    TEXT,  # undo
]
CONFIG = Config()


def shown(inputs: dict, dockerfile) -> list[tuple]:
    """Each instruction's inputs as a user sees them: its line, and each source's range, spec,
    origin, files and what .dockerignore keeps out of it."""
    by_id = {id(ins): ins for ins in dockerfile.walk()}
    return sorted(
        (
            by_id[key].start_line,
            [(s.span.start, s.span.end, s.spec, s.origin, s.files, s.ignored) for s in found.sources],
        )
        for key, found in inputs.items()
    )


def afresh(text: str, path: str) -> tuple[list[tuple], list[tuple]]:
    """The inputs worked out with ``inputs_of`` alone, and a lint's findings, with nothing
    remembered (what the tree remembers is set aside meanwhile, and put back)."""
    dockerfile, analysis = prepare(text, CONFIG)
    tree = KNOWN.tree_for(path)
    kept, tree.derived = tree.derived, derived_memo()
    try:
        inputs = {}
        for stage in analysis.stages:
            for ins in stage.instructions:
                found = inputs_of(analysis, ins, tree)
                if found is not None:
                    inputs[id(ins)] = found
        return shown(inputs, dockerfile), _findings(text, path)
    finally:
        tree.derived = kept


def remembered(text: str, path: str) -> tuple[list[tuple], list[tuple]]:
    dockerfile, analysis = prepare(text, CONFIG)
    inputs = LintFacts(dockerfile, analysis, CONFIG, path).context_inputs
    return shown(inputs, dockerfile), _findings(text, path)


def _findings(text: str, path: str) -> list[tuple]:
    result = lint(text, CONFIG, path)
    return [(v.code, v.span.start, v.span.end, v.message) for v in result.violations if v.code.startswith("SZ30")]


def context(tmp_path) -> str:
    KNOWN.clear()
    make_tree(tmp_path, FILES)
    return str(tmp_path / "Dockerfile")


def test_inputs_and_findings_after_edits_equal_those_worked_out_afresh(tmp_path):
    path = context(tmp_path)
    remembered(TEXT, path)
    assert len(KNOWN.tree_for(path).derived) > 0  # something to remember, or this tests nothing
    for text in EDITS:
        expected = afresh(text, path)
        remembered(text, path)  # the first lint of the text remembers its instructions
        assert remembered(text, path) == expected
    assert any(code == "SZ305" for code, *_ in expected[1])


def test_a_file_added_to_the_context_is_read_at_the_next_lint(tmp_path):
    path = context(tmp_path)
    remembered(TEXT, path)
    make_tree(tmp_path, {"app/new.py": "", "missing.txt": ""})
    KNOWN.file_changed(os.path.join(str(tmp_path), "app", "new.py"))
    KNOWN.file_changed(os.path.join(str(tmp_path), "missing.txt"))
    now = remembered(TEXT, path)
    assert now == afresh(TEXT, path)
    assert any("app/new.py" in files for _line, sources in now[0] for *_, files, _ignored in sources)


def test_a_changed_dockerignore_is_read_at_the_next_lint(tmp_path):
    path = context(tmp_path)
    remembered(TEXT, path)
    make_tree(tmp_path, {".dockerignore": "*.log\n"})  # secrets are sent now
    KNOWN.file_changed(os.path.join(str(tmp_path), ".dockerignore"))
    now = remembered(TEXT, path)
    assert now == afresh(TEXT, path)
    assert any("secrets/key.pem" in files for _line, sources in now[0] for *_, files, _ignored in sources)


def test_inputs_after_edits_on_the_previous_parse_equal_those_worked_out_afresh(tmp_path):
    """The server's path: each text parsed and analysed on the last one's (the instructions after
    an edit are moved copies, their flags moved when first read)."""
    path = context(tmp_path)
    previous = prepare(TEXT, CONFIG)
    assert LintFacts(*previous, CONFIG, path).context_inputs  # remembered on the tree
    for text in [TEXT.replace("RUN pip install flask", "RUN pip install flask requests"), *EDITS]:
        previous = prepare(text, CONFIG, previous[1])
        inputs = LintFacts(*previous, CONFIG, path).context_inputs
        assert shown(inputs, previous[0]) == afresh(text, path)[0]


def _work(text: str, path: str) -> int:
    """The Python lines ``inputs_by_instruction`` runs on ``text`` with its instructions
    remembered (a second lint)."""
    import sys

    dockerfile, analysis = prepare(text, CONFIG)
    tree = KNOWN.tree_for(path)
    inputs_by_instruction(analysis, tree)
    lines = 0

    def count(_frame, _event, _arg):
        nonlocal lines
        lines += 1
        return count

    sys.settrace(count)
    try:
        inputs_by_instruction(analysis, tree)
    finally:
        sys.settrace(None)
    return lines


def test_instructions_that_cannot_read_the_context_cost_nothing(tmp_path):
    """Only COPY, ADD and RUN instructions are read: those of other keywords add no work,
    however many there are."""
    path = context(tmp_path)
    text = TEXT.replace("RUN pip install flask\n", "RUN pip install flask\n" + "ENV A=1\nWORKDIR /w\nLABEL b=2\n" * 50)
    assert _work(text, path) == _work(TEXT, path)


def test_the_instructions_before_an_edit_keep_the_inputs_the_last_lint_handed_out(tmp_path):
    """A re-parse keeps the instructions before its edit: those whose text decides their inputs
    get the very ``Inputs`` the last lint handed out (a lookup), the others are read again."""
    path = context(tmp_path)
    before = prepare(TEXT, CONFIG)
    first = LintFacts(*before, CONFIG, path).context_inputs
    text = TEXT.replace("COPY missing.txt /x", "COPY missing.txt /xy")
    after = prepare(text, CONFIG, before[1])
    second = LintFacts(*after, CONFIG, path).context_inputs
    assert shown(second, after[0]) == afresh(text, path)[0]
    lines = {id(ins): ins.start_line for ins in after[0].walk()}
    assert sorted(lines[key] for key, found in second.items() if found is first.get(key)) == [3, 4, 6, 7, 8]


def test_the_instructions_an_edit_moved_are_not_read_again(tmp_path, monkeypatch):
    """A re-parse moves the instructions after its edit: those whose text decides their inputs
    get the last lint's inputs, moved with them; only those whose inputs depend on more than
    their text (a variable) are read again."""
    from stanzalint.context import sources

    path = context(tmp_path)
    before = prepare(TEXT, CONFIG)
    assert LintFacts(*before, CONFIG, path).context_inputs
    read: list[int] = []
    by_text = sources._inputs_remembered_by_text
    monkeypatch.setattr(
        sources, "_inputs_remembered_by_text", lambda a, ins, tree: read.append(ins.start_line) or by_text(a, ins, tree)
    )
    text = TEXT.replace("RUN pip install flask", "RUN pip install flask\nRUN echo moved")
    after = prepare(text, CONFIG, before[1])
    inputs = LintFacts(*after, CONFIG, path).context_inputs
    assert read == [4, 6]  # the COPY the re-parse read again after the edit, and COPY $SRC/util /util
    assert shown(inputs, after[0]) == afresh(text, path)[0]


def _typed_in_run(text: str) -> str:
    """``text`` with a letter typed inside its first RUN's arguments (no flag changes)."""
    return text.replace("RUN pip install flask", "RUN pip install flaskx", 1)


def test_the_moved_instructions_sources_are_moved_only_when_read(tmp_path, monkeypatch):
    """Typing above the COPY lines moves them: their files are the last lint's, and no source
    is moved until one is read; read, the sources stand where a fresh reading puts them."""
    from stanzalint.context import sources

    path = context(tmp_path)
    before = prepare(TEXT, CONFIG)
    first = LintFacts(*before, CONFIG, path).context_inputs
    moved: list[int] = []
    make = sources.MovedSource.of
    monkeypatch.setattr(sources.MovedSource, "of", lambda s, delta: moved.append(delta) or make(s, delta))
    text = _typed_in_run(TEXT)
    after = prepare(text, CONFIG, before[1])
    inputs = LintFacts(*after, CONFIG, path).context_inputs
    files = {found.instruction.start_line: found.files for found in first.values()}
    plain = [found for found in inputs.values() if "$" not in TEXT.split("\n")[found.instruction.start_line]]
    assert all(found.files is files[found.instruction.start_line] for found in plain)
    assert moved == []
    assert shown(inputs, after[0]) == afresh(text, path)[0]
    assert set(moved) == {1}


def test_typing_in_a_run_leaves_what_is_remembered_as_it_was(tmp_path):
    """A keystroke that re-reads no instruction with inputs adds nothing to what the tree
    remembers of the handed-out inputs: the same entries serve the next lint."""
    from stanzalint.context import sources

    path = context(tmp_path)
    before = prepare(TEXT, CONFIG)
    assert LintFacts(*before, CONFIG, path).context_inputs
    derived = KNOWN.tree_for(path).derived
    handed = derived.get(sources._HANDED_OUT)
    text = _typed_in_run(TEXT)
    after = prepare(text, CONFIG, before[1])
    inputs = LintFacts(*after, CONFIG, path).context_inputs
    assert derived.get(sources._HANDED_OUT) is handed
    assert shown(inputs, after[0]) == afresh(text, path)[0]


def test_the_inputs_of_instructions_gone_from_the_file_are_forgotten(tmp_path):
    """Each edit of a COPY line makes a new instruction: the entries of those an edit replaced
    are dropped once they outnumber the file's, so a long session holds a bounded number."""
    from stanzalint.context import sources

    path = context(tmp_path)
    previous = prepare(TEXT, CONFIG)
    reading = len(LintFacts(*previous, CONFIG, path).context_inputs)
    for n in range(3 * sources._STALE_HANDED_OUT):
        text = TEXT.replace("COPY missing.txt /x", f"COPY missing.txt /x{n}")
        previous = prepare(text, CONFIG, previous[1])
        inputs = LintFacts(*previous, CONFIG, path).context_inputs
    _escape, handed = KNOWN.tree_for(path).derived.get(sources._HANDED_OUT)[0]
    assert len(handed) <= reading + 2 + sources._STALE_HANDED_OUT  # two RUNs with flags hand out None
    assert shown(inputs, previous[0]) == afresh(text, path)[0]


def test_which_instructions_may_have_inputs_is_asked_of_those_a_reparse_read_again(tmp_path, monkeypatch):
    """A re-parse carries over which of its instructions may have inputs from the parse it was
    made on: only the instruction it read again is looked at."""
    from stanzalint.context import sources
    from stanzalint.rules.toolkit.kept_answers import KeptAnswers

    path = context(tmp_path)
    asked: list[int] = []
    monkeypatch.setattr(
        sources,
        "_MAY_HAVE_INPUTS",
        KeptAnswers(lambda ins, text: asked.append(ins.start_line) or sources._may_have_inputs(ins, text)),
    )
    before = prepare(TEXT, CONFIG)
    assert LintFacts(*before, CONFIG, path).context_inputs
    assert len(asked) == len(before[0].instructions)
    asked.clear()
    text = _typed_in_run(TEXT)
    after = prepare(text, CONFIG, before[1])
    inputs = LintFacts(*after, CONFIG, path).context_inputs
    assert asked == [2]
    assert shown(inputs, after[0]) == afresh(text, path)[0]


def test_a_lint_of_some_rows_keeps_what_was_handed_out_for_the_others(tmp_path, monkeypatch):
    """A rule run on the rows an edit changed sees the lint through them: what it hands out is
    added to the entries of the file's other instructions, which the next lint of the whole file
    then finds by identity."""
    from stanzalint.context import sources
    from stanzalint.partial import restricted

    path = context(tmp_path)
    many = TEXT + "".join(f"COPY app/main.py /m{n}\n" for n in range(2 * sources._STALE_HANDED_OUT))
    before = prepare(many, CONFIG)
    assert LintFacts(*before, CONFIG, path).context_inputs
    text = many.replace("COPY missing.txt /x", "COPY missing.txt /xy")
    dockerfile, analysis = prepare(text, CONFIG, before[1])
    edited = [ins for ins in dockerfile.instructions if ins.start_line == 9]
    whole = LintFacts(dockerfile, analysis, CONFIG, path)
    seen = whole.seen_through(*restricted(dockerfile, analysis, edited, analysis.stages[:1]))
    assert [found.instruction.start_line for found in seen.context_inputs.values()] == [9]
    read: list[int] = []
    by_text = sources._inputs_remembered_by_text
    monkeypatch.setattr(
        sources, "_inputs_remembered_by_text", lambda a, ins, tree: read.append(ins.start_line) or by_text(a, ins, tree)
    )
    inputs = whole.context_inputs
    assert read == [5]  # COPY $SRC/util /util: its inputs depend on more than its text
    assert shown(inputs, dockerfile) == afresh(text, path)[0]


def test_whether_the_file_names_the_context_moves_no_source(tmp_path, monkeypatch):
    """Whether a source other than ``.`` reads files of the context (SZ305's sign that the
    build uses this context) is read off the inputs where they were worked out: after typing
    above the COPY lines, no moved copy of them is made, and the answer is a fresh lint's."""
    from stanzalint.context import sources

    path = context(tmp_path)
    before = prepare(TEXT, CONFIG)
    assert LintFacts(*before, CONFIG, path).names_context_files
    moved: list[int] = []
    make = sources.MovedInputs.of
    monkeypatch.setattr(sources.MovedInputs, "of", lambda *a: moved.append(1) or make(*a))
    after = prepare(_typed_in_run(TEXT), CONFIG, before[1])
    assert LintFacts(*after, CONFIG, path).names_context_files
    assert moved == []
    missing = "FROM alpine\nCOPY . /all\nCOPY nothere /n\nRUN --mount=type=bind,source=gone,target=/g make\n"
    assert not LintFacts(*prepare(missing, CONFIG), CONFIG, path).names_context_files
    assert LintFacts(*prepare(missing.replace("nothere", "app"), CONFIG), CONFIG, path).names_context_files


def test_what_each_instruction_reads_is_asked_only_of_those_a_reparse_read_again(tmp_path, monkeypatch):
    """Whether the file reads files of the context, and through a source other than ``.``, is
    carried from the parse a re-parse was made on: only the instructions it read again, and
    those whose inputs depend on a variable, are looked at; the answer is a fresh parse's."""
    from stanzalint.context import sources

    path = context(tmp_path)
    asked: list[int] = []
    read_by = sources._read_by
    monkeypatch.setattr(sources, "_read_by", lambda a, ins, tree: asked.append(ins.start_line) or read_by(a, ins, tree))
    text = "FROM alpine\nARG SRC=app\nCOPY $SRC/util /u\nRUN make\nCOPY . /all\nCOPY gone /g\n"
    before = prepare(text, CONFIG)
    assert LintFacts(*before, CONFIG, path).files_read == (True, True)  # $SRC/util reads app/util/io.py
    assert len(asked) == len(before[0].instructions)
    previous = before
    for old, new, answer in [
        ("RUN make", "RUN makex", (True, True)),
        ("ARG SRC=app", "ARG SRC=none", (True, False)),  # only `.` reads files now
        ("COPY . /all", "COPY nothing /all", (False, False)),
        ("RUN makex", "COPY app /app", (True, True)),  # a RUN turned into a COPY
        ("COPY app /app", "RUN make", (False, False)),
        ("COPY gone /g", "COPY requirements.txt /g", (True, True)),
    ]:
        text = text.replace(old, new)
        asked.clear()
        parsed = prepare(text, CONFIG, previous[1])  # the parse made on is alive, as the server's
        assert LintFacts(*parsed, CONFIG, path).files_read == answer
        assert sources.files_read(parsed[1], KNOWN.tree_for(path), whole=False) == answer  # each read in turn
        assert asked == sorted({i for i, line in enumerate(text.split("\n")) if line == new})  # the edited line
        previous = parsed


def test_an_instruction_read_each_time_is_the_one_below_the_global_args(tmp_path):
    """An instruction whose inputs depend on a variable is asked at each lint: with global ARGs
    above the first FROM it is still that instruction that is asked, not one the ARGs push down."""
    path = context(tmp_path)
    for text, answer in [
        ("ARG BASE=alpine\nFROM $BASE\nARG SRC=app\nCOPY $SRC/util /u\n", (True, True)),
        ("ARG BASE=alpine\nFROM $BASE\nARG SRC=none\nCOPY $SRC/util /u\nCOPY . /all\n", (True, False)),
    ]:
        assert LintFacts(*prepare(text, CONFIG), CONFIG, path).files_read == answer
