from stanzalint.rules.toolkit.releases import names_part, version_tie
from toolkit_input import rule_context


def test_names_part_as_a_whole():
    assert names_part("python3.8", "3.8") and not names_part("13.8", "3.8")
    assert names_part("buster-updates", "buster") and not names_part("busters", "buster")


def _tie(text, new_tag, product="debian"):
    ctx = rule_context(text, "SZ105")
    stage = ctx.analysis.stages[0]
    return version_tie(ctx, stage, stage.image, product, new_tag)


def test_version_ties():
    assert _tie("FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\n", "13") == (
        "`curl=7.88.1-10` pins a package of this release"
    )
    assert _tie("FROM python:3.8-buster\nRUN ls /usr/lib/python3.8\n", "3.12-bookworm", "python") == (
        "the build names `3.8`, which the new tag changes"
    )
    assert (
        _tie("FROM postgres:15\n", "16", "postgresql")
        == "existing postgresql data needs an upgrade step to move to `16`"
    )
    assert _tie("FROM python:3.12-slim\nCMD python\n", "3.13-slim", "python") is None


def test_version_ties_of_one_run_text_under_other_tags_and_scripts():
    run = "RUN ls /usr/lib/python3.8 && apt-get install -y $pkgs\n"
    assert _tie("FROM python:3.8-buster\n" + run, "3.12-bookworm", "python") == (
        "the build names `3.8`, which the new tag changes"
    )
    assert _tie("FROM python:3.9-buster\n" + run, "3.12-buster", "python") is None
    assert _tie("FROM python:3.9-buster\n" + run.replace("RUN", "RUN pkgs=curl=7.88.1-10 &&"), "3.12", "python") == (
        "`curl=7.88.1-10` pins a package of this release"
    )


def test_the_release_move_is_read_from_the_tables_once_per_reference_and_new_tag(monkeypatch):
    from stanzalint import knowledge

    asked: list[object] = []
    os_family = knowledge.os_family
    monkeypatch.setattr(knowledge, "os_family", lambda *a: asked.append(a) or os_family(*a))
    moved = "the build installs debian packages by name and `{}` is debian {} (this tag: debian 9), "
    moved += "whose package names may differ"
    assert _tie("FROM debian:9\nRUN apt-get install -y curl\n", "11") == moved.format("11", "11")
    assert len(asked) == 2  # this tag's release and the new tag's
    assert _tie("FROM debian:9\nRUN echo typed && apt-get install -y wget\n", "11") == moved.format("11", "11")
    assert len(asked) == 2
    assert _tie("FROM debian:9\nRUN apt-get install -y wget\n", "12") == moved.format("12", "12")
    assert len(asked) == 4


def test_version_ties_in_the_stage_come_before_those_of_the_stages_built_on_it(monkeypatch):
    from stanzalint.rules.toolkit import releases

    built_on = (
        "FROM python:3.8-buster AS base\nRUN ls /usr/lib/python3.8\nFROM base\nRUN apt-get install -y curl=7.88.1-10\n"
    )
    assert _tie(built_on, "3.12-bookworm", "python") == "the build names `3.8`, which the new tag changes"
    assert _tie(built_on.replace("python3.8", "python3"), "3.12-bookworm", "python") == (
        "`curl=7.88.1-10` pins a package of this release"
    )
    asked: list[object] = []
    monkeypatch.setattr(releases, "descendants", lambda analysis, stage: asked.append(stage) or [])
    _tie(built_on, "3.12-bookworm", "python")
    assert asked == []  # the stage's own RUN ties it: the stages built on it are not looked for


def _ties_while_editing(texts: list[str], new_tag: str, product: str = "debian") -> list[str | None]:
    """``version_tie`` of the first stage of each of ``texts``, each re-parsed and re-analysed
    from the one before it, as after a keystroke (every parse kept alive, as the server keeps the
    last one)."""
    from stanzalint.config import Config
    from stanzalint.engine import prepare
    from stanzalint.rules import get
    from stanzalint.rules.base import RuleContext
    from stanzalint.rules.lint_facts import LintFacts

    config, analyses, ties = Config(), [], []
    for text in texts:
        dockerfile, analysis = prepare(text, config, analyses[-1] if analyses else None)
        analyses.append(analysis)
        stage = analysis.stages[0]
        ctx = RuleContext(get("SZ105"), LintFacts(dockerfile, analysis, config, None))
        ties.append(version_tie(ctx, stage, stage.image, product, new_tag))
    return ties


def _erased(text: str, word: str) -> list[str]:
    """``text``, then as the end of ``word`` is erased one character at a time (down to its first)."""
    at = text.index(word)
    return [text[:at] + word[:k] + text[at + len(word) :] for k in range(len(word), 0, -1)]


def test_a_tie_is_carried_after_a_keystroke_below_its_run_and_asked_again_at_one_in_it(monkeypatch):
    from stanzalint.rules.toolkit import releases

    text = 'FROM debian:12\nRUN apt-get install -y curl=7.88.1-10\nRUN echo done\nCMD ["sh"]\n'
    edits = _erased(text, "done") + _erased(text, "curl=7.88.1-10")  # below the pin, then the pin itself
    fresh = [_tie(edited, "13") for edited in edits]
    asked: list[str] = []
    summary = releases.run_summary
    monkeypatch.setattr(
        releases, "run_summary", lambda a, run, read: asked.append(run.original) or summary(a, run, read)
    )
    ties = _ties_while_editing(edits[:5], "13")
    assert asked == ["RUN apt-get install -y curl=7.88.1-10"]  # the first lint's; typing below the pin, none
    ties += _ties_while_editing(edits[4:], "13")[1:]
    assert ties == fresh  # each a fresh lint's
    assert ties[:5] == ["`curl=7.88.1-10` pins a package of this release"] * 5
    assert ties[5] == "`curl=7.88.1-1` pins a package of this release"
    assert ties[-1].startswith("the build installs debian packages by name")  # `c`: no pin
