from collections import Counter

from stanzalint.rules.toolkit.kept_answers import KeptAnswers, KeptPicks, KeptTally
from stanzalint.syntax import parse
from stanzalint.syntax.incremental import reparse

TEXT = "FROM a\nRUN one\nCOPY x /x\nRUN two\nRUN three\n"


def _recording() -> tuple[KeptAnswers[str], list[str]]:
    """A KeptAnswers whose answer is the instruction's text, and the list of texts it was asked."""
    asked: list[str] = []

    def answer(ins, text):
        asked.append(text[ins.span.start : ins.span.end])
        return asked[-1]

    return KeptAnswers(answer), asked


def _fresh(text: str) -> list[str]:
    return [text[i.span.start : i.span.end] for i in parse(text).instructions]


def test_after_a_keystroke_only_the_instruction_read_again_is_asked():
    answers, asked = _recording()
    parses = [parse(TEXT)]  # the previous parses live on, as the server keeps the last one
    assert answers.of(parses[-1]) == _fresh(TEXT)
    for text in (TEXT.replace("COPY x", "COPY xy"), TEXT.replace("COPY x", "COPY z")):  # moving the tail, then not
        asked.clear()
        parses.append(reparse(parses[-1], text))
        assert answers.of(parses[-1]) == _fresh(text)
        assert asked == [text.splitlines()[2]]
    asked.clear()
    assert answers.of(parses[-1]) == _fresh(text)  # the same parse again: nothing asked
    assert asked == []


def test_a_parse_not_made_on_the_last_one_is_asked_about_what_it_does_not_share():
    answers, asked = _recording()
    first = parse(TEXT)
    answers.of(first)
    other = "FROM b\nRUN other\n"
    assert answers.of(parse(other)) == _fresh(other)
    assert asked[len(_fresh(TEXT)) :] == _fresh(other)
    asked.clear()
    text = TEXT.replace("RUN two", "RUN twos")
    assert answers.of(reparse(first, text)) == _fresh(text)  # made on a parse asked about before the last
    assert asked == _fresh(text)


def test_a_part_of_a_parse_gets_the_answers_of_its_own_instructions():
    from stanzalint.partial import PartialDockerfile

    answers, _ = _recording()
    first = parse(TEXT)
    answers.of(first)
    text = "FROM a\nRUN zero\n" + TEXT[len("FROM a\n") :]
    second = reparse(first, text)  # made on the parse asked about last
    part = PartialDockerfile(second, second.instructions[1:4])  # the moved tail is not its own
    assert answers.of(part) == _fresh(text)[1:4]
    assert answers.of(second) == _fresh(text)


def _keywords(text: str) -> Counter[str]:
    return Counter(i.keyword_text for i in parse(text).instructions)


def test_a_tally_after_a_keystroke_counts_the_instructions_read_again_only():
    asked: list[str] = []

    def keyword(ins, _text):
        asked.append(ins.keyword_text)
        return ins.keyword_text

    tally = KeptTally(keyword)
    parses = [parse(TEXT)]
    assert tally.of(parses[-1]) == _keywords(TEXT)
    for text in (TEXT.replace("COPY x", "run x"), TEXT.replace("COPY x", "COPY y"), TEXT.replace("RUN two\n", "")):
        asked.clear()
        parses.append(reparse(parses[-1], text))
        assert tally.of(parses[-1]) == _keywords(text)
        assert len(asked) <= 3  # those the re-parse read again, as they were and as they are: not all 10
    assert tally.of(parses[-1]) is tally.of(parses[-1])  # the same parse again: the same tally


def test_a_tally_of_a_reparse_is_the_last_one_brought_up_to_date_not_a_recount():
    tally = KeptTally(lambda ins, _text: ins.keyword_text)
    first = parse(TEXT)
    last = tally.of(first)
    last["RUN"], last["MARK"] = last["RUN"] - 1, 1  # seen only if the last tally is carried
    text = TEXT.replace("COPY x", "ADD x")
    assert tally.of(reparse(first, text)) == _keywords(text) - Counter({"RUN": 1}) + Counter({"MARK": 1})


def test_a_tally_that_does_not_count_the_last_parse_is_counted_afresh():
    text = TEXT.replace("COPY x", "ADD x")
    for spoil in ({"MARK": 1}, {"COPY": -1, "RUN": 1}):  # one count too many; COPY taken off below zero
        tally = KeptTally(lambda ins, _text: ins.keyword_text)
        first = parse(TEXT)
        tally.of(first).update(spoil)
        assert tally.of(reparse(first, text)) == _keywords(text)


def test_a_tally_of_a_parse_not_made_on_the_last_one_is_counted_afresh():
    tally = KeptTally(lambda ins, _text: ins.keyword_text)
    tally.of(parse(TEXT))
    other = "FROM b\nrun other\n"
    assert tally.of(parse(other)) == _keywords(other)


def _runs(text: str) -> list[tuple[int, str]]:
    """Where each RUN of ``text`` stands and its text."""
    found = [(at, text[i.span.start : i.span.end]) for at, i in enumerate(parse(text).instructions)]
    return [(at, written) for at, written in found if written.startswith("RUN")]


def test_picks_after_a_keystroke_ask_the_instructions_read_again_only_and_shift_the_moved_ones():
    asked: list[str] = []

    def run_text(ins, text):
        asked.append(text[ins.span.start : ins.span.end])
        return asked[-1] if ins.keyword == "RUN" else None

    picks = KeptPicks(run_text)
    parses = [parse(TEXT)]
    assert picks.of(parses[-1]) == _runs(TEXT)
    edits = (
        TEXT.replace("COPY x /x\n", "COPY x /x\nRUN new\nCOPY y /y\n"),  # two added: the tail shifts
        TEXT.replace("RUN one", "RUN once"),
        TEXT.replace("COPY x /x\n", ""),
    )
    for text in edits:
        asked.clear()
        parses.append(reparse(parses[-1], text))
        assert picks.of(parses[-1]) == _runs(text)
        assert len(asked) < len(parse(text).instructions)  # not every instruction


def test_picks_after_a_keystroke_that_moves_no_instruction_are_the_last_ones_not_copies():
    picks = KeptPicks(lambda ins, text: text[ins.span.start : ins.span.end] if ins.keyword == "RUN" else None)
    first = parse(TEXT)
    before = picks.of(first)
    text = TEXT.replace("RUN one", "RUN once")
    after = picks.of(reparse(first, text))
    assert after == _runs(text)
    assert all(a is b for a, b in zip(after[1:], before[1:]))  # the RUNs after the edit: no new pair


def test_picks_a_keystroke_leaves_as_they_were_are_the_last_list():
    picks = KeptPicks(lambda ins, _text: ins.keyword if ins.keyword == "RUN" else None)
    parses = [parse(TEXT)]
    before = picks.of(parses[0])
    for text in (TEXT.replace("RUN one", "RUN once"), TEXT.replace("COPY x", "COPY xy")):
        parses.append(reparse(parses[-1], text))
        assert picks.of(parses[-1]) is before
    parses.append(reparse(parses[-1], TEXT.replace("COPY x", "RUN x")))
    assert picks.of(parses[-1]) == [(1, "RUN"), (2, "RUN"), (3, "RUN"), (4, "RUN")]
