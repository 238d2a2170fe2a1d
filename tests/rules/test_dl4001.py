from ruletest import found


def test_findings_0():
    text = "FROM debian:12 AS a\nRUN curl -o x http://x\nRUN wget -q http://y\nRUN curl http://z\nFROM debian:12\nRUN wget -q http://y\n"
    assert found("DL4001", text) == [
        ("3:5-3:9", "The stage uses both curl and wget; use only one (this is `wget`, elsewhere `curl`)"),
        ("4:5-4:9", "The stage uses both curl and wget; use only one (this is `curl`, elsewhere `wget`)"),
    ]


def test_after_an_edit_only_the_run_reported_is_read(run_lines_read):
    """Which of curl and wget each RUN runs is remembered by its text: a lint after an edit that
    moved the RUNs reads the commands of the RUN it reports only."""
    from ruletest import violations

    text = (
        "FROM debian:12\nRUN wget -q https://example.com/dl4001-a\nRUN echo dl4001-b\n"
        "RUN curl -fsSLO https://example.com/dl4001-c && echo done\n"
    )
    assert [text[v.span.start : v.span.end] for v in violations("DL4001", text)] == ["curl"]
    run_lines_read.clear()
    moved = text.replace("FROM debian:12\n", "FROM debian:12\nENV A=1\n")
    assert [(moved[v.span.start : v.span.end], v.instruction_line) for v in violations("DL4001", moved)] == [
        ("curl", 4)
    ]
    assert run_lines_read == [4]
