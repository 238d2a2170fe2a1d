"""Shared command predicates: package managers, installs, installed packages, updates."""

from __future__ import annotations

import pytest
from shell_fixture import build_run
from stanzalint.analysis.commands import (
    installed_packages,
    is_package_install,
    is_pip,
    is_python,
    is_update,
    is_upgrade,
    package_manager,
    pip_invocation,
    subcommand_of,
)
from stanzalint.analysis.model import ShellCommand
from stanzalint.analysis.shell import commands_of


def one(line: str) -> ShellCommand:
    found = commands_of(build_run("RUN " + line), ["/bin/sh", "-c"], "\\")
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    "line, manager",
    [
        ("apt-get install -y curl", "apt-get"),
        ("sudo apt install curl", "apt-get"),
        ("/sbin/apk add --no-cache curl", "apk"),
        ("yum -y install httpd", "yum"),
        ("dnf install -y x", "dnf"),
        ("microdnf install x", "microdnf"),
        ("zypper --non-interactive in x", "zypper"),
        ("pip install flask", "pip"),
        ("pip3.11 install flask", "pip"),
        ("python3 -m pip install flask", "pip"),
        ("python -u -m pip install flask", "pip"),
        ("/opt/venv/bin/python3.12 -mpip install flask", "pip"),
        ("uv pip install --system flask", "pip"),
        ("uv add httpx", "uv"),
        ("uv sync --frozen", "uv"),
        ("uv tool install ruff", "uv"),
        ("poetry install --no-root", "poetry"),
        ("pipenv install --deploy", "pipenv"),
        ("conda install -y -c conda-forge numpy", "conda"),
        ("mamba create -n env python", "mamba"),
        ("micromamba install -y -f env.yml", "micromamba"),
        ("npm ci", "npm"),
        ("npm i -g typescript", "npm"),
        ("yarn", "yarn"),
        ("yarn add left-pad", "yarn"),
        ("pnpm install --frozen-lockfile", "pnpm"),
        ("gem install bundler -v 2.4.0", "gem"),
        ("go install example.com/tool@v1.2.3", "go"),
        ("cargo install ripgrep", "cargo"),
        ("R -e \"install.packages('dplyr')\"", "R"),
        ("Rscript -e 'remotes::install_github(\"a/b\")'", "R"),
        ("apt-get -o Dpkg::Options::=--force-confnew install -y x", "apt-get"),
    ],
)
def test_is_package_install(line, manager):
    assert is_package_install(one(line)) == manager


@pytest.mark.parametrize(
    "line",
    [
        "apt-get update",
        "apt-get remove x",
        "apk del x",
        "pip download x",
        "python3 -c 'import pip'",
        "python3 app.py -m pip install",
        "uv run pytest",
        "npm run build",
        "yarn build",
        "go build ./...",
        "R -e 'print(1)'",
        "echo apt-get install x",
        "pip --version",
        "command -v pip",
    ],
)
def test_not_a_package_install(line):
    assert is_package_install(one(line)) is None


def test_package_manager_names():
    assert [
        package_manager(one(x)) for x in ["aptitude install x", "python3 -m pip list", "uv lock", "ls", "Rscript x.R"]
    ] == ["apt-get", "pip", "uv", None, "R"]


def test_pip_invocation_spellings():
    call = pip_invocation(one("python3 -m pip --no-cache-dir install -U pip"))
    assert (call.runner, call.subcommand, [w.value for w in call.args]) == (
        "python -m pip",
        "install",
        ["--no-cache-dir", "install", "-U", "pip"],
    )
    call = pip_invocation(one("uv --no-cache pip install x"))
    assert (call.runner, call.subcommand, [w.value for w in call.args]) == ("uv pip", "install", ["install", "x"])
    assert pip_invocation(one("sudo -H pip3 install x")).runner == "pip"
    assert pip_invocation(one("pipx install black")) is None
    assert pip_invocation(one("python -m venv /v")) is None
    assert is_pip("pip3.12") and not is_pip("pipenv") and is_python("python2.7") and not is_python("pythonista")


@pytest.mark.parametrize(
    "line, packages",
    [
        (
            "apt-get install -y --no-install-recommends curl git=1:2.39* ca-certificates",
            ["curl", "git=1:2.39*", "ca-certificates"],
        ),
        ("apt-get -o Acquire::Retries=3 install -t bookworm-backports -y linux-image", ["linux-image"]),
        ("apk add --no-cache --virtual .build-deps gcc musl-dev", ["gcc", "musl-dev"]),
        ("yum install -y --setopt=tsflags=nodocs httpd-2.4.6 mod_ssl", ["httpd-2.4.6", "mod_ssl"]),
        ("dnf --enablerepo crb install -y ninja-build", ["ninja-build"]),
        (
            "pip install --no-cache-dir -r requirements.txt 'flask==3.0.0' -e . \"uvicorn[standard]>=0.29\"",
            ["flask==3.0.0", "uvicorn[standard]>=0.29"],
        ),
        ("python3 -m pip install -i https://x/simple requests", ["requests"]),
        ("uv pip install --system ruff==0.4.4", ["ruff==0.4.4"]),
        ("uv tool install ruff", ["ruff"]),
        ("npm install -g --prefix /opt npm@10 typescript", ["npm@10", "typescript"]),
        ("gem install bundler -v 2.4.22 --no-document", ["bundler"]),
        ("conda install -y -c conda-forge -n base mamba=1.5", ["mamba=1.5"]),
        ("npm ci", []),
        ("pip install -r requirements.txt", []),
        ("apt-get update", []),
        ("apt-get install -y -- -weird", ["-weird"]),
    ],
)
def test_installed_packages(line, packages):
    assert [w.value for w in installed_packages(one(line))] == packages


def test_installed_packages_keep_their_spans():
    doc = "RUN apt-get install -y  curl \\\n    git"
    (cmd,) = commands_of(build_run(doc), ["/bin/sh", "-c"], "\\")
    assert [doc[w.span.start : w.span.end] for w in installed_packages(cmd)] == ["curl", "git"]


@pytest.mark.parametrize(
    "line, update, upgrade",
    [
        ("apt-get update", True, False),
        ("apt -qq update", True, False),
        ("apk update", True, False),
        ("yum makecache fast", True, False),
        ("dnf check-update", True, False),
        ("zypper refresh", True, False),
        ("apt-get -y dist-upgrade", False, True),
        ("apk upgrade --no-cache", False, True),
        ("yum -y update", False, True),
        ("dnf upgrade --refresh", False, True),
        ("apt-get install x", False, False),
        ("apk add --update curl", False, False),
        ("pip install -U pip", False, False),
        ("echo update", False, False),
    ],
)
def test_update_and_upgrade(line, update, upgrade):
    cmd = one(line)
    assert (is_update(cmd), is_upgrade(cmd)) == (update, upgrade)


def test_subcommand_of_skips_options_and_their_values():
    assert subcommand_of(one("apt-get -o Dpkg::Use-Pty=0 -qq install x")) == "install"
    assert subcommand_of(one("sudo -E yum -c /etc/yum.conf -y makecache")) == "makecache"
    assert subcommand_of(one("ls -l")) is None
