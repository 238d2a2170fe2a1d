from __future__ import annotations

from ruletest import fixed, found, violations


def test_update_alone_is_merged_into_next_install():
    text = (
        "FROM debian:12\nRUN apt-get update\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get install -y \\\n    curl\n"
    )
    assert found("SZ402", text) == [
        (
            "2:5-2:19",
            "`apt-get update` runs without an install in the same RUN; its package lists go stale in the cache",
        ),
    ]
    assert fixed("SZ402", text) == (
        "FROM debian:12\nENV DEBIAN_FRONTEND=noninteractive\nRUN apt-get update && apt-get install -y \\\n    curl\n"
    )


def test_apk_and_crlf():
    text = "FROM alpine:3.20\r\nRUN apk update\r\nRUN apk add --no-cache curl\r\n"
    assert fixed("SZ402", text) == "FROM alpine:3.20\r\nRUN apk update && apk add --no-cache curl\r\n"


def test_no_fix_when_something_else_is_between_or_the_run_does_more():
    text = "FROM debian:12\nRUN apt-get update\nCOPY x /x\nRUN apt-get install -y curl\nRUN apt-get update && echo hi\n"
    assert [v.fix for v in violations("SZ402", text)] == [None, None]


def test_clean_cases():
    text = (
        "FROM debian:12\n"
        "RUN apt-get update && apt-get install -y curl\n"
        "RUN apt update && apt upgrade -y\n"
        "RUN dnf makecache && dnf install -y git\n"
        "RUN yum update -y\n"
        "RUN <<EOF\napt-get update\napt-get install -y x\nEOF\n"
    )
    assert found("SZ402", text) == []


def test_heredoc_and_onbuild_update_alone():
    text = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\nONBUILD RUN zypper refresh\n"
    assert [loc for loc, _ in found("SZ402", text)] == ["3:1-3:15", "5:13-5:27"]


def test_work_grows_linearly_with_the_updates_of_a_stage():
    from ruletest import rule_work

    def stage(updates: int) -> str:
        return "FROM debian:12\n" + "".join(
            f"RUN apt-get update\nRUN apt-get install -y x{i}\n" for i in range(updates)
        )

    assert rule_work("SZ402", stage(200)) <= 2.2 * rule_work("SZ402", stage(100))


def test_after_an_edit_only_the_run_with_the_stale_update_is_read(run_lines_read):
    """What each RUN does with the package lists is remembered by its text: a lint after an edit
    that moved the RUNs reads the commands of the RUN it reports only."""
    text = "FROM debian:12\nRUN apt-get update\nRUN echo sz402-moved && apt-get install -y curl\nRUN echo sz402-b\n"
    assert len(violations("SZ402", text)) == 1
    run_lines_read.clear()
    moved = violations("SZ402", text.replace("FROM debian:12\n", "FROM debian:12\nENV A=1\n"))
    assert [(v.span.start, v.fix is not None) for v in moved] == [(text.index("apt-get update") + 8, True)]
    assert run_lines_read == [2]


def test_no_move_that_changes_what_the_install_s_run_does():
    """The update goes to the front of the install's RUN after `` && ``: a comment in it would
    swallow the install, a trailing ``;`` or ``&`` would break the RUN, and an install RUN that is
    not one ``&&`` list (``;``, ``||``, ``&``) would go on, or decide its status, after the update
    failed."""
    template = "FROM debian:12\nRUN {}\nENV A=1\nRUN {}\n"
    for update, install in [
        ("apt-get update # lists", "apt-get install -y curl"),
        ("apt-get update ;", "apt-get install -y curl"),
        ("apt-get update &", "apt-get install -y curl"),
        ("apt-get update", "apt-get install -y curl; rm -rf /var/lib/apt/lists/*"),
        ("apt-get update", "[ -f /x ] || apt-get install -y curl"),
        ("apt-get update", "apt-get install -y curl & wait"),
        ("apt-get update", "apt-get install -y curl && echo ok &"),
        ("apt-get update", "--network=none apt-get install -y ./local.deb"),
    ]:
        [v] = violations("SZ402", template.format(update, install))
        assert v.fix is None, (update, install)
    assert fixed("SZ402", template.format("apt-get update -qq", "apt-get install -y curl | tee /log # done")) == (
        "FROM debian:12\nENV A=1\nRUN apt-get update -qq && apt-get install -y curl | tee /log # done\n"
    )
