from stanzalint.rules.toolkit.purpose import (
    base_for_other_images,
    comments_above,
    completed_by_images_built_on_it,
    declared_base_for_other_images,
    drops_privileges_at_run_time,
    edits_apache_user,
    effective_command,
    interpreters_named,
    is_build_environment,
    is_ci_job_environment,
    is_development_environment,
    is_interactive_environment,
    makes_hook_directory,
    ships_toolchain,
    started_command,
    started_program,
    toolchain_is_the_product,
    without_init,
)
from toolkit_input import commands, final_stage


def test_effective_and_started_command():
    _, stage = final_stage(
        'FROM a AS base\nENTRYPOINT ["tini", "--", "/docker-entrypoint.sh"]\nCMD ["old"]\n'
        'FROM base\nCMD ["nginx", "-g", "daemon off;"]\n'
    )
    assert effective_command(stage) == ["tini", "--", "/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]
    assert started_command(stage) == ["nginx", "-g", "daemon off;"]
    assert started_program(stage) == "nginx"


def test_a_later_entrypoint_resets_the_cmd_and_an_onbuild_one_is_not_the_image_s():
    _, stage = final_stage('FROM a AS base\nCMD ["old"]\nFROM base\nENTRYPOINT ["run"]\nONBUILD CMD ["later"]\nRUN x\n')
    assert effective_command(stage) == ["run"]
    _, stage = final_stage('FROM a AS base\nCMD ["one"]\nFROM base\nCMD ["two"]\nRUN x\n')
    assert effective_command(stage) == ["two"]
    _, stage = final_stage("FROM a\nRUN x\n")
    assert effective_command(stage) == []


def test_the_effective_command_reads_only_what_follows_the_last_entrypoint(monkeypatch):
    from stanzalint.rules.toolkit import purpose

    earlier = 'ENTRYPOINT ["old"]\nCMD ["x"]\n'
    _, stage = final_stage("FROM a\n" + earlier + "RUN x\n" * 50 + 'ENTRYPOINT ["tini", "--"]\nCMD ["app"]\n')
    read: list[str] = []
    words = purpose.command_words
    monkeypatch.setattr(purpose, "command_words", lambda ins: read.append(ins.keyword) or words(ins))
    assert effective_command(stage) == ["tini", "--", "app"]
    assert read == ["ENTRYPOINT", "CMD"]


def test_without_init():
    assert without_init(["/sbin/tini", "-g", "--", "sh"]) == ["sh"]
    assert without_init(["dumb-init"]) == ["dumb-init"]
    assert without_init(["python", "app.py"]) == ["python", "app.py"]


def test_base_for_other_images():
    analysis, stage = final_stage("FROM debian:12\nONBUILD COPY . /src\n")
    assert declared_base_for_other_images(analysis, stage) == "it has ONBUILD triggers for the images built on it"
    analysis, stage = final_stage("# Base image for our services\nFROM ubuntu:24.04\nRUN apt-get update\n")
    assert declared_base_for_other_images(analysis, stage) == "it is documented as a base image"
    assert comments_above(analysis, stage.from_instruction) == ["Base image for our services"]
    analysis, stage = final_stage('FROM debian:12\nCMD ["bash"]\n')
    assert base_for_other_images(analysis, stage) == "it starts only a shell or an interpreter, for images built on it"
    analysis, stage = final_stage('FROM debian:12\nCMD ["/app/server"]\n')
    assert base_for_other_images(analysis, stage) is None


def test_environments():
    assert is_development_environment(final_stage("FROM mcr.microsoft.com/devcontainers/python:3.12\n")[1])
    assert is_development_environment(final_stage("FROM debian:12 AS devcontainer\n")[1])
    assert is_build_environment(*final_stage('FROM debian:12\nCMD ["make", "all"]\n'))
    assert is_build_environment(*final_stage('FROM debian:12\nENTRYPOINT ["/sbin/tini", "-g", "--", "bash"]\n'))
    assert not is_build_environment(*final_stage('FROM debian:12\nCMD ["/app/server"]\n'))
    assert is_interactive_environment(*final_stage("FROM python:3.12\nRUN pip install jupyterlab==4.2\n"))
    assert not is_interactive_environment(*final_stage("FROM python:3.12\nRUN pip install flask\n"))


def test_privileges_and_toolchains():
    analysis, stage = final_stage('FROM debian:12\nRUN apt-get install -y gosu\nENTRYPOINT ["/entrypoint.sh"]\n')
    assert (
        drops_privileges_at_run_time(analysis, stage)
        == "the image carries a tool its entrypoint uses to step down from root"
    )
    assert drops_privileges_at_run_time(*final_stage('FROM debian:12\nCMD ["server"]\n')) is None
    assert ships_toolchain(final_stage("FROM nvcr.io/nvidia/pytorch:24.05-py3\n")[1])
    assert not ships_toolchain(final_stage("FROM python:3.12\n")[1])


def test_completed_by_images_built_on_it():
    text = 'FROM debian:12\nRUN mkdir -p /usr/local/bin/start-notebook.d\nENTRYPOINT ["tini", "-g", "--", "start.sh"]\n'
    assert completed_by_images_built_on_it(*final_stage(text))
    assert not completed_by_images_built_on_it(*final_stage(text + 'CMD ["start-notebook.py"]\n'))
    assert not completed_by_images_built_on_it(*final_stage(text.replace("start-notebook.d", "data")))


def test_makes_hook_directory():
    analysis, stage = final_stage("FROM debian:12\nRUN mkdir -p /var/jenkins_home/init.groovy.d && mkdir /data.d.bak\n")
    assert makes_hook_directory(analysis.commands(stage.instructions[1]))
    analysis, stage = final_stage("FROM debian:12\nRUN mkdir -p /data.d.bak && echo /etc/init.d\n")
    assert not makes_hook_directory(analysis.commands(stage.instructions[1]))


def test_ci_job_environment():
    assert is_ci_job_environment(*final_stage("FROM ubuntu:24.04\nRUN apt-get install -y git sudo\n"))
    assert not is_ci_job_environment(
        *final_stage('FROM ubuntu:24.04\nRUN apt-get install -y sudo\nCMD ["/app/server"]\n')
    )


def test_toolchain_is_the_product():
    assert toolchain_is_the_product(*final_stage('FROM gcc:14\nCMD ["make"]\n'))
    assert toolchain_is_the_product(*final_stage("FROM debian:12 AS devcontainer\n"))
    assert toolchain_is_the_product(*final_stage("FROM python:3.12\nRUN pip install jupyterlab==4.2\n"))
    assert toolchain_is_the_product(*final_stage("FROM debian:12\nONBUILD COPY . /src\n"))
    assert toolchain_is_the_product(*final_stage('FROM nvcr.io/nvidia/pytorch:24.05-py3\nCMD ["/app/server"]\n'))
    assert not toolchain_is_the_product(*final_stage('FROM debian:12\nCMD ["/app/server"]\n'))


def test_is_interactive_environment_reads_a_run_text_once(monkeypatch):
    from stanzalint.rules.toolkit import purpose

    read = []

    def names_interactive_program(commands):
        read.append([c.name for c in commands])
        return any(c.name == "jupyter" for c in commands)

    monkeypatch.setattr(purpose, "_names_interactive_program", names_interactive_program)
    run = "RUN pip install flask-5c1d && jupyter lab build\n"
    assert is_interactive_environment(*final_stage("FROM python:3.12\n" + run))
    assert is_interactive_environment(*final_stage("FROM python:3.12\nENV A=1\n\n" + run))
    assert not is_interactive_environment(*final_stage("FROM python:3.12\nRUN pip install flask-5c1d\n"))
    assert read == [["pip", "jupyter"], ["pip"]]


def test_interpreters_named():
    run = commands("FROM debian:12\nRUN ln -s /opt/R/4.5/bin/R /usr/bin/R && micromamba install python=3.12 rich\n")
    assert interpreters_named(run) == {"R", "python"}
    assert interpreters_named(commands("FROM debian:12\nRUN pip install rich python-dotenv\n")) == frozenset()


def test_edits_apache_user():
    assert edits_apache_user(commands("FROM httpd:2.4\nRUN sed -i 's/^User .*/User www/' conf/httpd.conf\n"))
    assert not edits_apache_user(commands("FROM httpd:2.4\nRUN sed -i 's/^Listen 80/Listen 8080/' conf/httpd.conf\n"))
    assert not edits_apache_user(commands("FROM httpd:2.4\nRUN echo 'User www' >> conf/httpd.conf\n"))


def test_onbuild_triggers_of_the_chain_are_found_without_reading_its_instructions(monkeypatch):
    from stanzalint.analysis.model import Stage

    small = final_stage("FROM debian:12 AS base\nONBUILD COPY . /src\nFROM base\nRUN a\n")
    unrelated = final_stage("FROM debian:12 AS other\nONBUILD COPY . /src\nFROM debian:12\nRUN a\n")
    bodies_read: list[int] = []
    body = Stage.body
    monkeypatch.setattr(Stage, "body", property(lambda stage: bodies_read.append(stage.index) or body.fget(stage)))
    expected = "it has ONBUILD triggers for the images built on it"
    assert declared_base_for_other_images(*small) == expected
    assert bodies_read == []
    assert declared_base_for_other_images(*unrelated) is None


def test_labels_and_commands_of_the_chain_are_found_without_reading_its_instructions(monkeypatch):
    from stanzalint.analysis.model import Stage

    labelled = final_stage('FROM debian:12 AS base\nLABEL description="Base image"\nFROM base\nRUN a\n')
    unrelated = final_stage('FROM debian:12 AS other\nLABEL description="Base image"\nFROM debian:12\nRUN a\n')
    in_onbuild = final_stage('FROM debian:12\nRUN a\nONBUILD LABEL description="Base image"\n')
    built = final_stage('FROM debian:12 AS base\nCMD ["make"]\nFROM base\nENTRYPOINT ["/app/server"]\n')
    shell = final_stage('FROM debian:12 AS base\nCMD ["bash"]\nFROM base\nENTRYPOINT ["/sbin/tini", "--", "sh"]\n')
    server = final_stage('FROM debian:12 AS base\nCMD ["bash"]\nFROM base\nCMD ["/app/server"]\n')
    chains_read: list[int] = []
    chain_body = Stage.chain_body
    monkeypatch.setattr(
        Stage, "chain_body", property(lambda stage: chains_read.append(stage.index) or chain_body.fget(stage))
    )
    assert declared_base_for_other_images(*labelled) == "it is documented as a base image"
    assert declared_base_for_other_images(*unrelated) is None
    assert declared_base_for_other_images(*in_onbuild) == "it has ONBUILD triggers for the images built on it"
    assert [is_build_environment(*built), is_build_environment(*shell), is_build_environment(*server)] == [
        True,
        True,
        False,
    ]
    assert chains_read == []


def test_ships_toolchain_is_judged_once_per_reference(monkeypatch):
    from stanzalint.knowledge import names

    asked: list[object] = []
    resolve = names.resolve
    monkeypatch.setattr(names, "resolve", lambda *a: asked.append(a) or resolve(*a))
    ngc = "FROM nvcr.io/nvidia/pytorch:23.11-py3\n"
    assert ships_toolchain(final_stage(ngc + "RUN a\n")[1])
    assert len(asked) == 1
    assert ships_toolchain(final_stage(ngc + "RUN b\nCMD c\n")[1])
    assert len(asked) == 1
    assert not ships_toolchain(final_stage("FROM rocm/dev-ubuntu-20.04:5.7.1\n")[1])
    assert ships_toolchain(final_stage("FROM rocm/dev-ubuntu-20.04:5.7.1-complete\n")[1])
    assert len(asked) == 3


def _edited(texts: list[str]) -> list:
    """The analysis of each of ``texts``, each re-parsed from the one before it as the editor
    re-parses after a keystroke (every parse kept alive, as the server keeps the last one)."""
    from stanzalint.analysis import analyze
    from stanzalint.syntax import parse
    from stanzalint.syntax.incremental import reparse

    parses = [parse(texts[0])]
    for text in texts[1:]:
        parses.append(reparse(parses[-1], text))
    return [analyze(dockerfile) for dockerfile in parses]


def _typed(text: str, before: str, typed: str) -> list[str]:
    """``text`` as ``typed`` is typed one character at a time right before ``before``."""
    at = text.index(before)
    return [text[:at] + typed[:k] + text[at:] for k in range(len(typed) + 1)]


def test_the_chain_s_answers_are_carried_only_while_what_they_read_stays():
    text = (
        "FROM python:3.12\nRUN apt-get install -y build-essential\nRUN pip install flask\n"
        'COPY app.py /app.py\nCMD ["python", "/app.py"]\n'
    )
    texts = _typed(text, "flask", "jupyterlab ")  # a RUN that installs a notebook server
    texts += list(reversed(texts))[1:]  # and erased again
    answers = []
    for text, analysis in zip(texts, _edited(texts)):
        answers.append(toolchain_is_the_product(analysis, analysis.final_stage))
        assert answers[-1] is toolchain_is_the_product(*final_stage(text))
    assert answers[0] is False and answers[len(texts) // 2] is True  # a workspace while it installs one


def test_the_chain_s_answers_follow_the_base_a_global_arg_names_and_the_comment_above_from():
    on_debian = 'ARG BASE=debian\nFROM ${BASE}\nRUN apt-get install -y gcc\nCMD ["bash"]\n'
    on_python = on_debian.replace("BASE=debian", "BASE=python")
    analyses = _edited([on_debian, on_python])
    assert [toolchain_is_the_product(a, a.final_stage) for a in analyses] == [True, False]  # a bare distribution

    plain = 'FROM python:3.12\n# tools\nFROM python:3.12\nCMD ["app"]\n'
    documented = plain.replace("# tools", "# tools base image")
    analyses = _edited([plain, documented, plain])
    assert [declared_base_for_other_images(a, a.final_stage) for a in analyses] == [
        None,
        "it is documented as a base image",
        None,
    ]
