from __future__ import annotations

from ruletest import fixed, found, through_memo, violations

MSG = "This RUN only cleans up; the files stay in the earlier layer, so do the cleanup in the RUN that created them"


def test_apt_lists_removed_in_next_layer_safe_fix():
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl\n"
        "ENV A=1\nRUN rm -rf /var/lib/apt/lists/*\n"
    )
    assert found("SZ401", text) == [("5:5-5:32", MSG)]
    [v] = violations("SZ401", text)
    assert v.fix.is_safe
    assert fixed("SZ401", text) == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y \\\n    curl && rm -rf /var/lib/apt/lists/*\nENV A=1\n"
    )


def test_unsafe_when_something_runs_between():
    text = "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y numpy\nRUN python -c 1\nRUN conda clean -afy\n"
    assert found("SZ401", text) == [("4:5-4:21", MSG)]
    [v] = violations("SZ401", text)
    assert not v.fix.is_safe
    assert fixed("SZ401", text, unsafe=True) == (
        "FROM continuumio/miniconda3:24.7.1-0\nRUN conda install -y numpy && conda clean -afy\nRUN python -c 1\n"
    )


def test_copied_files_removed_later_have_no_fix():
    text = "FROM debian:12\nCOPY data/ /opt/data/\nRUN rm -rf /opt/data/raw && apt-get clean\n"
    assert found("SZ401", text) == [("3:1-3:4", MSG)]
    [v] = violations("SZ401", text)
    assert v.fix is None


def test_clean_cases():
    text = (
        "FROM debian:12\n"
        "RUN rm -rf /var/lib/apt/lists/*\n"
        "RUN apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*\n"
        "FROM debian:12\nRUN rm -rf /tmp/*\nRUN mkdir /x && rm -rf /y\n"
    )
    assert found("SZ401", text) == []


def test_no_fold_ahead_of_a_command_of_the_removed_package():
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y libcap2-bin openssh-server\n"
        "RUN setcap CAP_NET_BIND_SERVICE=+eip /usr/sbin/sshd\nRUN apt-get remove -y libcap2-bin\n"
    )
    assert found("SZ401", text) == [("4:5-4:34", MSG)]
    [v] = violations("SZ401", text)
    assert v.fix is None


def test_no_fold_ahead_of_a_use_hidden_in_a_find_exec():
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget\n"
        "RUN find /opt -name '*.url' -exec wget -i {} \\;\nRUN apt-get purge -y wget\n"
    )
    [v] = violations("SZ401", text)
    assert v.fix is None


def test_fold_when_the_removed_package_is_not_used_between():
    text = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget\n"
        "RUN mkdir -p /srv/app\nRUN apt-get purge -y wget\n"
    )
    [v] = violations("SZ401", text)
    assert not v.fix.is_safe
    assert fixed("SZ401", text, unsafe=True) == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget && apt-get purge -y wget\n"
        "RUN mkdir -p /srv/app\n"
    )


def test_no_fold_when_what_is_removed_cannot_be_checked():
    unknown_package = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y light-locker\n"
        "RUN mkdir -p /srv/app\nRUN apt-get remove -y light-locker\n"
    )
    autoremove = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget\n"
        "RUN mkdir -p /srv/app\nRUN apt-get autoremove -y\n"
    )
    script = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget\n"
        "RUN ./fetch-models.sh\nRUN apt-get purge -y wget\n"
    )
    other_user = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y wget\nUSER nobody\nRUN apt-get purge -y wget\n"
    )
    for text in (unknown_package, autoremove, script, other_user):
        [v] = violations("SZ401", text)
        assert v.fix is None, text


def test_no_fold_ahead_of_a_use_of_a_deleted_path_or_the_package_lists():
    path = (
        "FROM debian:12\nRUN mkdir -p /tmp/build/cache && make -C /src O=/tmp/build/cache\n"
        "RUN cp -a /tmp/build /opt/app\nRUN rm -rf /tmp/build/cache\n"
    )
    lists = (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
        "RUN apt-cache policy curl > /versions.txt\nRUN rm -rf /var/lib/apt/lists/*\n"
    )
    for text in (path, lists):
        [v] = violations("SZ401", text)
        assert v.fix is None, text


def test_work_grows_linearly_with_the_cleanups_of_a_stage():
    from ruletest import rule_work

    def stage(cleanups: int) -> str:
        pairs = "".join(
            f"RUN apt-get update && apt-get install -y x{i}\nRUN rm -rf /var/lib/apt/lists/*\n" for i in range(cleanups)
        )
        return "FROM debian:12\n" + pairs

    assert rule_work("SZ401", stage(200)) <= 2.2 * rule_work("SZ401", stage(100))


def test_the_fix_reads_nothing_after_the_cleanup_run_at_the_end_of_the_file():
    """The fix takes out the line break before the cleanup RUN, not the one after it: a line
    break typed at the end of the file leaves the remembered finding's fix as a fresh lint's."""
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\nRUN rm -rf /var/lib/apt/lists/*"
    assert through_memo("SZ401", [text, text + "\n", text]) == [["rm -rf /var/lib/apt/lists/*"]] * 3
    for ending in ("", "\n", "\r\n"):
        assert fixed("SZ401", text + ending) == (
            "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*" + ending
        )


def test_no_fold_of_a_cleanup_that_ends_in_the_background_or_is_left_open():
    """Appended after ``&&``, a trailing ``&`` would send the whole install to the background
    (the RUN could end before it does), and a quote or substitution left open would break the
    RUN that installs; a trailing ``;`` ends the appended command as it ended the cleanup."""
    creator = "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
    for cleanup in (
        "rm -rf /var/lib/apt/lists/* &",
        "rm -rf /var/lib/apt/lists/* 'x",
        'apt-get clean && rm -rf "/tmp/*',
    ):
        [v] = violations("SZ401", creator + f"RUN {cleanup}\n")
        assert v.fix is None, cleanup
    assert fixed("SZ401", creator + "RUN rm -rf /var/lib/apt/lists/* ;\n") == (
        "FROM debian:12\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/* ;\n"
    )
