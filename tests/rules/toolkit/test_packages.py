from stanzalint.rules.toolkit import packages
from stanzalint.rules.toolkit.packages import (
    APT_WITH_VALUE,
    apk_add,
    apk_is_pinned,
    apt_get,
    apt_is_pinned,
    cleans,
    installs_or_fetches,
    is_pinned,
    is_rpm_module_command,
    judgeable,
    manager_family,
    manager_subcommand,
    package_action,
    package_name,
    pip_install,
    program_basename,
    programs_brought_in,
    rpm_install,
    rpm_is_pinned,
    rpm_subcommand,
    zypper_is_pinned,
    zypper_sub,
)
from toolkit_input import analysed, command, commands, values


def _found(found):
    return None if found is None else (found[0].value, values(found[1]))


def test_manager_subcommand_names_the_tool_and_the_subcommand():
    cmd = command("apt-get -o Acquire::Retries=3 install -y curl")
    assert _found(manager_subcommand(cmd, ("apt-get",), APT_WITH_VALUE, ("install",))) == ("install", ["-y", "curl"])
    assert manager_subcommand(cmd, ("apk",), APT_WITH_VALUE, ("install",)) is None
    assert manager_subcommand(cmd, ("apt-get",), APT_WITH_VALUE, ("remove",)) is None


def test_apt_get_apk_add_zypper_sub():
    assert _found(apt_get(command("aptitude install vim"), "install")) == ("install", ["vim"])
    assert apt_get(command("apt install vim"), "install") is None  # apt is DL3027's
    assert _found(apk_add(command("apk --no-cache add -t .deps gcc"))) == ("add", ["-t", ".deps", "gcc"])
    assert apk_add(command("apk del gcc")) is None
    assert _found(zypper_sub(command("zypper -n in curl"), "install", "in")) == ("in", ["curl"])


def test_rpm_install_resolves_aliases_and_modules():
    assert _found(rpm_install(command("dnf in -y httpd"), ("dnf",))) == ("in", ["-y", "httpd"])
    assert _found(rpm_install(command("yum module install nodejs:18"), ("yum",))) == ("install", ["nodejs:18"])
    assert rpm_install(command("dnf upgrade"), ("dnf",)) is None
    assert rpm_install(command("dnf upgrade"), ("dnf",), ("upgrade",)) is not None
    assert rpm_subcommand(command("dnf up").args[0]) == "upgrade"
    assert is_rpm_module_command(command("dnf module enable php:8.1"))
    assert not is_rpm_module_command(command("dnf install php"))


def test_pins():
    assert apt_is_pinned("curl=7.88.1-10") and apt_is_pinned("curl/bookworm-backports") and not apt_is_pinned("curl")
    assert apk_is_pinned("curl~8.5") and apk_is_pinned("./local.apk") and not apk_is_pinned("curl")
    assert rpm_is_pinned("httpd-2.4.57") and rpm_is_pinned("@development") and not rpm_is_pinned("httpd")
    assert zypper_is_pinned("curl>=8") and not zypper_is_pinned("curl")
    assert is_pinned("apt-get", "x=1") and is_pinned("dnf", "x-1") and not is_pinned("zypper", "x-1")


def test_judgeable_words_do_not_come_from_variables():
    literal, variable = command("apk add curl $PACKAGES").args[1:]
    assert judgeable(literal) and not judgeable(variable)


def test_cleans():
    assert cleans([command("yum clean all")], ("yum",))
    assert cleans([command("dnf --setopt=x=1 cc")], ("dnf",))
    assert not cleans([command("yum clean all")], ("dnf",))


def test_pip_install():
    assert _found(pip_install(command("pip3 --timeout 60 install -r r.txt"))) == ("install", ["-r", "r.txt"])
    assert _found(pip_install(command("python3 -mpip install flask"))) == ("install", ["flask"])
    assert _found(pip_install(command("python -m pip install flask"))) == ("install", ["flask"])
    assert pip_install(command("python -m venv /v")) is None
    assert pip_install(command("pip download flask")) is None


def test_package_action_of_each_manager():
    def action(script):
        found = package_action(command(script), None)
        return None if found is None else (found.manager, found.action, values(found.packages), found.virtual)

    assert action("apt-get -o x=1 install -y curl=7.88") == ("apt", "install", ["curl=7.88"], None)
    assert action("apk add --virtual .deps gcc") == ("apk", "install", ["gcc"], ".deps")
    assert action("dnf group install 'Development Tools'") == ("dnf", "install", ["Development Tools"], None)
    assert action("zypper rm vim") == ("zypper", "remove", ["vim"], None)
    assert action("apt-get autoremove -y") == ("apt", "autoremove", [], None)
    # the install rules' table of options with a value: ``-a`` takes the architecture
    assert action("apt-get -a arm64 install curl") == ("apt", "install", ["curl"], None)
    assert action("zypper --plus-repo https://x/repo install vim") == ("zypper", "install", ["vim"], None)
    assert action("apt-get update") is None and action("pip install x") is None
    assert manager_family("microdnf") == "dnf" and manager_family("brew") is None


def test_package_name_and_program_basename():
    assert package_name(command("apt-get install GCC=4:12.2").args[1]) == "gcc"
    assert program_basename("/usr/local/bin/gosu-amd64") == "gosu"
    assert program_basename("su-exec-${ARCH}") == "su-exec"


def test_a_command_s_packages_are_read_once_for_every_question(monkeypatch):
    dockerfile, analysis = analysed("FROM a\nRUN apt-get install -y gosu=1.17 && apt-get purge -y vim\n")
    install, purge = analysis.commands(dockerfile.instructions[1])
    read = []
    real = packages._package_action
    monkeypatch.setattr(packages, "_package_action", lambda c: read.append(c.args[0].value) or real(c))
    for _ in range(3):
        assert installs_or_fetches(analysis, dockerfile.instructions[1:], {"gosu"})
        assert not installs_or_fetches(analysis, dockerfile.instructions[1:], {"vim"})  # purged, not installed
    assert values(package_action(install, None).packages) == ["gosu=1.17"]
    assert package_action(purge, None).action == "remove"
    assert read == ["install", "purge"]


def test_installs_or_fetches_a_program():
    def brings(text):
        dockerfile, analysis = analysed(text)
        return installs_or_fetches(analysis, dockerfile.instructions[1:], {"gosu"})

    assert brings("FROM a\nRUN apt-get install -y gosu=1.17\n")
    assert brings("FROM a\nRUN curl -o /usr/local/bin/gosu https://x/gosu-amd64\n")
    assert brings("FROM a\nCOPY --from=tianon/gosu /gosu /usr/local/bin/\n")
    assert not brings("FROM a\nRUN apt-get install -y curl\n")


def test_a_command_is_read_once_per_question_and_each_answer_is_its_own():
    cmd = command("apt-get -q install -y curl")
    found = apt_get(cmd, "install")
    assert apt_get(cmd, "install", "remove") is not None
    assert apt_get(cmd, "install")[1] is found[1]  # the words after the subcommand, read once
    assert apt_get(cmd, "remove") is None
    assert _found(pip_install(command("python -m pip install flask"))) == ("install", ["flask"])
    assert pip_install(cmd) is None
    assert _found(rpm_install(command("dnf module install -y nodejs:18"), ("dnf",))) == ("install", ["-y", "nodejs:18"])


def test_programs_brought_in():
    run = commands(
        "FROM debian:12\nRUN apt-get install -y vim gosu curl && curl -fsSLo /usr/local/bin/su-exec https://x/su-exec-amd64\n"
    )
    assert programs_brought_in(run, frozenset({"gosu", "su-exec", "nano"})) == {"gosu", "su-exec"}
    assert programs_brought_in(run, frozenset({"nano"})) == frozenset()
