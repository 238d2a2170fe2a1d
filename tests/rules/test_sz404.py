from __future__ import annotations

from ruletest import fixed, found, through_memo, violations
from stanzalint.config import Config
from stanzalint.engine import lint
from stanzalint.findings_memo import FindingsMemo
from stanzalint.rules import get

CHOWN = "`chown -R` rewrites files an earlier COPY added, so they are stored twice; use `COPY --chown=...` instead"


def test_chown_after_copy_is_replaced_by_flag():
    text = "FROM python:3.12-slim\nWORKDIR /srv\nCOPY . /app\nRUN chown -R app:app /app\nUSER app\n"
    assert found("SZ404", text) == [("4:5-4:26", CHOWN)]
    assert (
        fixed("SZ404", text, unsafe=True)
        == "FROM python:3.12-slim\nWORKDIR /srv\nCOPY --chown=app:app . /app\nUSER app\n"
    )


def test_chmod_octal_and_crlf():
    text = "FROM debian:12\r\nCOPY scripts/ /opt/scripts/\r\nRUN chmod -R 755 /opt/scripts\r\n"
    assert fixed("SZ404", text, unsafe=True) == "FROM debian:12\r\nCOPY --chmod=755 scripts/ /opt/scripts/\r\n"


def test_no_fix_for_parent_paths_chains_symbolic_modes_or_runs_between():
    text = (
        "FROM debian:12\nCOPY app /srv/app\nRUN useradd app && chown -R app /srv\n"
        "COPY b /b\nRUN chmod -R u+x /b\n"
        "COPY c /c\nRUN useradd c\nRUN chown -R c /c\n"
    )
    assert [loc for loc, _ in found("SZ404", text)] == ["3:20-3:37", "5:5-5:20", "8:5-8:18"]
    assert [v.fix for v in violations("SZ404", text)] == [None, None, None]


def test_clean_cases():
    text = (
        "FROM debian:12\nRUN chown -R app /data\nCOPY --chown=app . /app\nRUN chown app /app\n"
        "FROM debian:12\nCOPY x /x\nFROM debian:12\nRUN chown -R a /x\n"
    )
    assert found("SZ404", text) == []


CHMOD = "`chmod -R` rewrites files an earlier COPY added, so they are stored twice; use `COPY --chmod=...` instead"


def test_a_directory_mostly_from_the_base_image_is_left_alone():
    text = (
        "FROM condaforge/miniforge3:24.11.3-0\nCOPY condarc /opt/conda/.condarc\n"
        'RUN echo ". /opt/conda/etc/profile.d/conda.sh" >> /etc/bash.bashrc\n'
        "RUN conda install -y numpy && chmod -R 777 /opt/conda\n"
        "COPY app.conf /etc/app.conf\nRUN chown -R app /etc\n"
        "COPY --from=tools / /\nRUN chown -R user /home/user\n"
    )
    assert found("SZ404", text) == []


def test_a_tree_copied_by_the_stage_it_is_built_on():
    text = (
        "FROM debian:12 AS conda\nCOPY --from=condaforge/miniforge3:24.11.3-0 /opt/conda /opt/conda\n"
        "ENV PATH=/opt/conda/bin:$PATH\n"
        "FROM conda AS app\nCOPY condarc /opt/conda/.condarc\nRUN chmod -R 777 /opt/conda\n"
    )
    assert found("SZ404", text) == [("6:5-6:28", CHMOD)]
    (violation,) = violations("SZ404", text)
    assert (violation.fix, violation.related[0].span.start) == (None, text.index("COPY --from"))


def test_a_copy_counts_in_the_stages_built_on_its_stage_only():
    text = (
        "FROM debian:12 AS base\nFROM base AS a\nCOPY x /srv/x\n"
        "FROM base AS b\nRUN chown -R u /srv/x\n"
        "FROM a AS c\nRUN chown -R u /srv/x\n"
    )
    assert found("SZ404", text) == [("7:5-7:22", CHOWN)]
    (violation,) = violations("SZ404", text)
    assert (violation.fix, violation.related[0].span.start) == (None, text.index("COPY x"))


def test_a_path_written_right_after_another_counts_as_used():
    def text(run: str) -> str:
        return f"FROM debian:12\nCOPY conf /srv/tool/conf\n{run}\nRUN chown -R u /srv/tool\n"

    assert found("SZ404", text("RUN cp /opt/x+/srv/tool/data /tmp")) == []
    assert found("SZ404", text("RUN cp /srv/tool/data /tmp")) == []
    assert found("SZ404", text("RUN cp /opt/x+/srv/tool/conf /tmp")) == [("4:5-4:25", CHOWN)]


def test_a_directory_with_a_space_holding_a_copy():
    def text(run: str) -> str:
        return f'FROM debian:12\nCOPY ["conf", "/srv/my tool/conf"]\n{run}\nRUN chown -R u "/srv/my tool"\n'

    assert found("SZ404", text('RUN cat "/srv/my tool/other"')) == []
    assert found("SZ404", text('RUN cat "/srv/my tool/conf"')) == [("4:5-4:30", CHOWN)]


def test_an_edit_in_another_run_moves_the_finding_and_its_fix_with_their_instructions():
    def text(run: str, after: str = "") -> str:
        return f"FROM debian:12\nWORKDIR /src\n{run}\nCOPY . /app\n{after}RUN chown -R app:app /app\nUSER app\n"

    assert found("SZ404", text("RUN make")) == [("5:5-5:26", CHOWN)]
    assert found("SZ404", text("RUN make && make install")) == [("5:5-5:26", CHOWN)]
    (violation,) = violations("SZ404", text("RUN make && make install"))
    assert violation.related[0].span.start == text("RUN make && make install").index("COPY")
    assert fixed("SZ404", text("RUN make && make test"), unsafe=True) == (
        "FROM debian:12\nWORKDIR /src\nRUN make && make test\nCOPY --chown=app:app . /app\nUSER app\n"
    )
    # a RUN between the copy and the chown: no fix
    assert [v.fix for v in violations("SZ404", text("RUN make", after="RUN make\n"))] == [None]


def test_a_path_another_run_names_decides_again_after_an_edit_of_that_run():
    def text(run: str) -> str:
        return f"FROM debian:12\nCOPY conf /srv/tool/conf\n{run}\nRUN chown -R u /srv/tool\n"

    assert found("SZ404", text("RUN cp /srv/tool/conf /tmp")) == [("4:5-4:25", CHOWN)]
    assert found("SZ404", text("RUN cp /srv/tool/data /tmp")) == []
    assert found("SZ404", text("RUN cp /srv/tool/conf /tmp")) == [("4:5-4:25", CHOWN)]


def test_a_path_in_another_command_s_words_is_read_through_the_memo():
    """The look-back for paths below a directory reads every earlier instruction's text, any
    command's words included (``. /opt/conda/etc/profile.d/conda.sh``): typing in them changes
    the finding, and a lint through the memo shows the fresh one."""
    text = (
        "FROM debian:12\nCOPY condarc /opt/conda/.condarc\nRUN . /opt/conda/etc/profile.d/conda.sh && conda info\n"
        'RUN chmod -R 777 /opt/conda\nCMD ["x"]\n'
    )
    edited = text.replace("/opt/conda/etc", "/opt/condax/etc")
    assert found("SZ404", text) == []
    memo, config = FindingsMemo(), Config()
    lint(text, config, rules=[get("SZ404")], memo=memo)
    through_memo = lint(edited, config, rules=[get("SZ404")], memo=memo).violations
    assert [(edited[v.span.start : v.span.end], v.message) for v in through_memo] == [
        ("chmod -R 777 /opt/conda", CHOWN.replace("chown", "chmod"))
    ]


def test_an_edit_of_a_global_arg_reads_the_runs_again_under_the_shell_their_stage_now_starts_with():
    """``FROM $B`` builds on the stage the global ARG names, and starts with its SHELL: a RUN
    read under PowerShell runs no ``chown`` until the ARG names an image instead."""

    def text(base: str) -> str:
        return (
            f'ARG X=1\nARG B={base}\nFROM alpine AS s1\nSHELL ["pwsh", "-c"]\nFROM $B\n'
            "COPY . /app\nRUN chown -R nobody /app\n"
        )

    typed = [text("s1"), text("s1a"), text("alpine")]
    assert through_memo("SZ404", typed) == [[], ["chown -R nobody /app"], ["chown -R nobody /app"]]


def test_no_flag_where_it_would_not_set_what_the_chown_set():
    """``WORKDIR /app`` makes ``/app`` before the copy, and ``COPY --chown`` leaves a directory
    that exists as it is (the app could not write there); ``--link`` takes only a numeric owner;
    ``--from`` changes only some files; ``user.group`` is one name to the flag."""
    for text in (
        "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nRUN chown -R node:node /app\n",
        "FROM alpine:3.20\nRUN adduser -D app\nCOPY --link . /app\nRUN chown -R app:app /app\n",
        "FROM alpine:3.20\nCOPY . /app\nRUN chown -R --from=5 1000 /app\n",
        "FROM alpine:3.20\nCOPY . /app\nRUN chown -R 1000.1000 /app\n",
    ):
        [v] = violations("SZ404", text)
        assert v.fix is None, text
    assert fixed("SZ404", "FROM alpine:3.20\nCOPY --link . /app\nRUN chown -R 1000:1000 /app\n", unsafe=True) == (
        "FROM alpine:3.20\nCOPY --chown=1000:1000 --link . /app\n"
    )
