from ruletest import fixed, found


def test_findings_0():
    text = "FROM debian:12 AS build\nRUN apt-get update\nFROM debian:12\nRUN apt-get update && apt-get install -y x\nRUN --mount=type=cache,target=/var/lib/apt apt-get update\nRUN rm -rf /var/lib/apt/lists/* && apt update\nRUN apt-get update && rm -rf /var/lib/{apt,dpkg}/\nRUN apt-get update; apt-get dist-clean\n"
    assert found("DL3009", text) == [
        ("4:13-4:19", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"),
        ("6:40-6:46", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`"),
    ]


def test_fix():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y x\n"
    assert (
        fixed("DL3009", text)
        == "FROM debian:12\nRUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
    )


def test_no_fix_when_the_run_only_updates():
    from ruletest import violations

    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    assert [(v.code, v.fix) for v in violations("DL3009", text)] == [("DL3009", None)]


def test_fix_all_with_sz402_keeps_the_install_working():
    from stanzalint.config import Config
    from stanzalint.engine import fix_all

    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    result = fix_all(text, Config(shellcheck=False, select=["DL3009", "SZ402"]))
    assert (
        result.text == "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"
    )


def test_no_fix_when_a_later_run_installs_from_these_lists():
    from ruletest import violations

    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get install -y git\n"
    assert [(v.code, v.fix) for v in violations("DL3009", text)] == [("DL3009", None)]
    updated = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN apt-get update && apt-get install -y git\n"
    )
    assert [v.fix is not None for v in violations("DL3009", updated)] == [True, True]


def test_aptitude_update():
    text = "FROM debian:12\nRUN aptitude update && aptitude install -y -R curl=1\n"
    assert found("DL3009", text) == [("2:14-2:20", "Delete /var/lib/apt/lists in the same RUN as `apt-get update`")]
