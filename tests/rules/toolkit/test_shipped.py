from stanzalint.rules.toolkit.packages import cleans, zypper_sub
from stanzalint.rules.toolkit.shipped import _contains, installs_leaving_cache, ships, stage_ships
from toolkit_input import analysed, rule_context

PIP_CACHE = ["/root/.cache/pip"]


def test_stage_ships_for_the_final_stage_and_its_bases():
    _, analysis = analysed("FROM a AS base\nFROM base AS build\nRUN x\nFROM base\nRUN y\n")
    assert [stage_ships(analysis, s) for s in analysis.stages] == [True, False, True]
    assert stage_ships(analysis, None)


def test_a_builders_cache_ships_only_when_copied_out_and_not_removed():
    text = "FROM python:3.12 AS build\nRUN pip install x\n{between}FROM python:3.12-slim\nCOPY --from=build {source} /dst\n"

    def shipped(source, between=""):
        _, analysis = analysed(text.format(source=source, between=between))
        return ships(analysis, analysis.stages[0].body[0], PIP_CACHE)

    assert shipped("/root")
    assert not shipped("/usr/local")
    assert not shipped("/root", between="RUN rm -rf /root/.cache/pip\n")


def test_installs_leaving_cache_the_first_install_of_each_run_nothing_cleans():
    text = (
        "FROM a\n"
        "RUN zypper in x && zypper in y\n"
        "RUN zypper in z && zypper clean\n"
        "RUN zypper in w && rm -rf /var/cache/zypp\n"
        "RUN --mount=type=cache,target=/var/cache/zypp zypper in v\n"
        "RUN zypper refresh\n"
    )
    ctx = rule_context(text, "DL3036")
    found = installs_leaving_cache(
        ctx, ["/var/cache/zypp"], lambda cmd: zypper_sub(cmd, "in"), lambda after: cleans(after, ["zypper"])
    )
    assert [(ins.start_line, cmd.args[-1].value, sub.value) for ins, _cmds, cmd, (sub, _rest) in found] == [
        (1, "x", "in")
    ]


def test_installs_leaving_cache_of_some_tools_passes_over_the_runs_running_none(monkeypatch):
    ctx = rule_context("FROM a\nRUN zypper in x\nRUN echo in y\nRUN make && zypper in z\n", "DL3036")
    asked = []

    def find(cmd):
        asked.append(cmd.name)
        return zypper_sub(cmd, "in")

    found = installs_leaving_cache(ctx, ["/var/cache/zypp"], find, lambda after: False, tools={"zypper"})
    assert [(ins.start_line, cmd.args[-1].value) for ins, _cmds, cmd, _found in found] == [(1, "x"), (3, "z")]
    assert asked == ["zypper", "make", "zypper"]


def test_a_copied_source_contains_a_path_component_by_component_as_fnmatch_reads_each():
    assert _contains(["opt", "conda"], ["opt", "conda", "pkgs"]) and _contains(["opt"], ["opt", "conda"])
    assert _contains(["opt", "*"], ["opt", "conda"]) and _contains(["opt", "conda"], ["opt", "c*"])
    assert _contains(["opt", "[cd]onda"], ["opt", "conda"]) and _contains(["root", "?cache"], ["root", ".cache"])
    assert not _contains(["opt", "conda"], ["opt", "condaX"]) and not _contains(["var", "cache"], ["var", "lib"])
    assert not _contains(["opt", "[x]"], ["opt", "[x]"])  # a pattern matching ``x`` only, as ``fnmatchcase`` reads it
