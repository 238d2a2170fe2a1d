import importlib

from stanzalint.findings import FixAvailability, Severity
from stanzalint.rules import all_rules, base
from stanzalint.rules.base import Fact, RuleContext, Scope
from stanzalint.rules.toolkit import commands as commands_module
from stanzalint.rules.toolkit.commands import (
    JUDGED_NAMES,
    command_rule,
    command_words,
    commands_of,
    first_positionals,
    has_option,
    later,
    name_word,
    option_values,
    options_and_operands,
    positionals,
    run_commands,
    runs_hidden_commands,
    runs_running,
    short_letters,
    stage_commands,
    subcommand_and_rest,
    tool_of,
    top_level,
    verifies_download,
    word_is_plain,
)
from toolkit_input import command, commands, rule_context, values


def test_run_commands_skip_non_posix_shells_and_can_leave_out_onbuild():
    text = 'FROM a\nRUN one\nONBUILD RUN three\nSHELL ["pwsh", "-c"]\nRUN two\n'
    ctx = rule_context(text)
    assert [ins.rest.text for ins, _ in run_commands(ctx, onbuild=False)] == ["one"]
    assert [(ins.rest.text, [c.name for c in cmds]) for ins, cmds in run_commands(ctx)] == [
        ("one", ["one"]),
        ("three", ["three"]),
    ]


def test_runs_running_some_commands_by_name():
    text = 'FROM a\nRUN apk add x && ln -s a b\nRUN echo apk\nONBUILD RUN ln -s c d\nSHELL ["pwsh", "-c"]\nRUN ln x\n'
    ctx = rule_context(text)
    assert [ins.start_line for ins, _cmds in runs_running(ctx, {"ln"})] == [1, 3]
    assert [[c.name for c in cmds] for _ins, cmds in runs_running(ctx, {"apk", "echo"})] == [["apk", "ln"], ["echo"]]
    assert list(runs_running(ctx, {"yarn"})) == [] and list(runs_running(ctx, set())) == []


def test_command_rule_declares_instruction_scope_and_judges_each_command(monkeypatch):
    monkeypatch.setattr(base, "DEFINED", {})
    seen = []

    @command_rule(code="SZ999", name="any-command", severity=Severity.INFO, fix=FixAvailability.NEVER)
    def judge(ctx, cmd, cmds):
        seen.append((cmd.name, [c.name for c in cmds]))
        yield ctx.violation(cmd.words[0].span, cmd.name)

    registered = base.DEFINED["SZ999"]
    assert (registered.meta.scope, registered.meta.reads) == (Scope.INSTRUCTION, (Fact.SHELL,))
    text = 'FROM a\nRUN one && two\nONBUILD RUN three\nSHELL ["pwsh", "-c"]\nRUN four\n'
    ctx = rule_context(text)
    found = list(registered.check(RuleContext(registered, ctx.lint)))
    assert [v.message for v in found] == ["one", "two", "three"]
    assert seen == [("one", ["one", "two"]), ("two", ["one", "two"]), ("three", ["three"])]
    assert judge.__name__ == "judge" and registered.check is not judge


def test_command_rule_with_names_judges_only_the_commands_so_named(monkeypatch):
    monkeypatch.setattr(base, "DEFINED", {})
    monkeypatch.setattr(commands_module, "JUDGED_NAMES", {})
    seen = []

    @command_rule(
        code="SZ999", name="some-commands", severity=Severity.INFO, fix=FixAvailability.NEVER, names=("apk", "cd")
    )
    def judge(ctx, cmd, cmds):
        seen.append((cmd.name, [c.name for c in cmds]))
        yield ctx.violation(cmd.words[0].span, cmd.name)

    registered = base.DEFINED["SZ999"]
    text = "FROM a\nRUN echo one && apk add x && cd /x\nRUN echo two\nONBUILD RUN make && cd /y\n"
    ctx = rule_context(text)
    found = list(registered.check(RuleContext(registered, ctx.lint)))
    assert [v.message for v in found] == ["apk", "cd", "cd"]
    assert seen == [("apk", ["echo", "apk", "cd"]), ("cd", ["echo", "apk", "cd"]), ("cd", ["make", "cd"])]
    assert commands_module.JUDGED_NAMES == {"SZ999": {"apk", "cd"}}
    assert ctx.lint.run_command_names == [frozenset({"echo", "apk", "cd"}), frozenset({"echo"}), {"make", "cd"}]


#: a command each rule declaring its commands finds something in, run as itself and by other names
MANY_COMMANDS = """\
FROM debian:12
RUN sudo apt-get install curl && apt install x && aptitude install y && apt-get install -y --no-install-recommends z
RUN yum install httpd && dnf install x && microdnf install y && zypper install z && zypper dup && zypper in q
RUN apk add curl && npm install express && gem install rails && go install example.com/x && cd /tmp && ssh host
RUN useradd -u 123456789 app && wget https://example.com/x && python -m pip install flask && pip install flask
RUN sh -c "apt-get install curl" && env yum install q && command zypper install r && nice apk add s && top
RUN install curl && add curl && dup && in x && dnf-3 install x && apt-get-install x && ./apt-get install x
"""


def test_a_command_rule_declaring_names_finds_nothing_in_any_other_command():
    assert all_rules() and len(JUDGED_NAMES) >= 19
    for code, names in JUDGED_NAMES.items():
        judge = importlib.import_module(f"stanzalint.rules.{code.lower()}").check
        ctx = rule_context(MANY_COMMANDS, code)
        runs = run_commands(ctx)
        every = [(cmd.name, v.span) for _ins, cmds in runs for cmd in cmds for v in judge(ctx, cmd, cmds)]
        assert every, code  # the text has something for each rule
        assert {name for name, _span in every} <= names, code


def test_commands_of_reads_the_run_inside_onbuild():
    ctx = rule_context("FROM a\nONBUILD RUN make && make install\nCMD x\n")
    onbuild, cmd = ctx.dockerfile.instructions[1], ctx.dockerfile.instructions[2]
    assert [c.name for c in commands_of(ctx.analysis, onbuild)] == ["make", "make"]
    assert commands_of(ctx.analysis, cmd) == []


def test_top_level_leaves_out_sh_c_and_substitutions():
    cmds = commands('FROM a\nRUN sh -c "apk add x" && echo $(date)\n')
    assert [c.name for c in top_level(cmds)] == ["sh", "echo"]


def test_tool_of_works_each_command_out_once_for_every_rule_that_asks(monkeypatch):
    cmd, other = commands("FROM debian:12\nRUN python3 -m pip install flask && pip3 install x\n")
    worked_out = []
    real = commands_module._tool_of
    monkeypatch.setattr(commands_module, "_tool_of", lambda c: worked_out.append(c.name) or real(c))
    first = tool_of(cmd)
    assert tool_of(cmd) is first
    assert (first[0], values(first[1])) == ("pip", ["install", "flask"])
    assert values(tool_of(other)[1]) == ["install", "x"]
    assert worked_out == ["python3", "pip3"]


def test_tool_of_normalises_pip_python_m_and_apt():
    assert tool_of(command("pip3.11 install x"))[0] == "pip"
    tool, args = tool_of(command("python3 -m pip install -r req.txt"))
    assert (tool, values(args)) == ("pip", ["install", "-r", "req.txt"])
    assert tool_of(command("python -m uv sync"))[0] == "uv"
    assert values(tool_of(command("python3 -mpip install x"))[1]) == ["install", "x"]
    assert tool_of(command("python -m http.server"))[0] == "python"
    assert tool_of(command("apt install x"))[0] == "apt-get"
    assert tool_of(command("sudo micromamba install x"))[0] == "micromamba"


def test_name_word_is_the_effective_command():
    assert name_word(command("sudo apt-get install x")).value == "apt-get"


def test_positionals_skip_options_and_their_values():
    cmd = command("apt-get -o Dpkg::Options=x -qt bookworm install -y --no-install-recommends curl -- -odd")
    assert values(positionals(cmd.args, ("-o", "-t"))) == ["install", "curl", "-odd"]
    assert first_positionals(cmd.args, 3, ("-o", "-t")) == ["install", "curl", "-odd"]
    assert first_positionals(cmd.args, 5, ("-o", "-t"))[3:] == ["", ""]


def test_short_letters_stop_at_a_letter_taking_a_value():
    assert short_letters(command("wget -qO- https://x").args, "O") == ["q", "O"]
    assert short_letters(command("tar -xzf a.tgz -- -v").args) == ["x", "z", "f"]


def test_subcommand_and_rest():
    cmd = command("npm --prefix /app install left-pad")
    sub, rest = subcommand_and_rest(cmd.args, ("--prefix",))
    assert (sub.value, values(rest)) == ("install", ["left-pad"])
    assert subcommand_and_rest(command("npm --version").args) == (None, [])


def test_has_option_and_option_values():
    cmd = command("curl -fsSL --output=/tmp/a -o /tmp/b https://x -- -s")
    assert has_option(cmd.args, "-s") and has_option(cmd.args, "--output")
    assert not has_option(cmd.args, "-x")
    assert option_values(cmd.args, "-o", "--output") == ["/tmp/a", "/tmp/b"]
    assert cmd.has_option("-L") and cmd.option_value("-o", "--output") == "/tmp/a"


def test_later_is_what_follows_in_the_same_run():
    cmds = commands("FROM a\nRUN a && b && c\n")
    assert [c.name for c in later(cmds, cmds[0])] == ["b", "c"]
    assert later(cmds[:1], cmds[2]) == []


def test_word_is_plain_only_when_written_as_is():
    ctx = rule_context('FROM a\nRUN apt-get install x\nRUN ["apt-get", "\\u0069nstall", "y"]\n')
    shell, exec_form = (ctx.analysis.commands(i)[0] for i in ctx.dockerfile.instructions[1:])
    assert word_is_plain(ctx, shell.args[0]) and not word_is_plain(ctx, exec_form.args[0])


def test_verifies_download():
    assert verifies_download(command("sha256sum -c sums.txt"))
    assert not verifies_download(command("sha256sum file"))
    assert verifies_download(command("gpg --batch --verify a.asc a"))
    assert verifies_download(command("cosign verify-blob x"))
    assert not verifies_download(command("curl -O https://x"))


def test_runs_hidden_commands():
    assert runs_hidden_commands(command("./install.sh"))
    assert runs_hidden_commands(command("bash setup.sh"))
    assert not runs_hidden_commands(command("bash -c 'echo hi'"))
    assert not runs_hidden_commands(command("apt-get install x"))


def test_stage_commands_are_the_stages_own_runs():
    ctx = rule_context("FROM a AS base\nRUN one\nFROM base\nONBUILD RUN two\nRUN three && four\n")
    stage = ctx.analysis.stages[1]
    assert [(ins.rest.text, cmd.name) for ins, cmd in stage_commands(ctx.analysis, stage)] == [
        ("three && four", "three"),
        ("three && four", "four"),
    ]


def test_options_and_operands_with_attached_values():
    operands, options = options_and_operands(command("useradd -u1001 --shell=/bin/sh -g app -- web"), {"-u", "-g"})
    assert (values(operands), options) == (["web"], {"-u": "1001", "--shell": "/bin/sh", "-g": "app"})


def test_command_words_of_cmd_and_entrypoint():
    ctx = rule_context('FROM a\nCMD python  app.py\nENTRYPOINT ["tini", "--"]\n')
    cmd, entrypoint = ctx.dockerfile.instructions[1:]
    assert (command_words(cmd), command_words(entrypoint)) == (["python", "app.py"], ["tini", "--"])
