"""Variables: global ARG values as a build with no ``--build-arg`` sees them, BuildKit's
expansion with unset names empty, the ARGs BuildKit defines itself, and the environment
variables common base images set in their image configuration.

BuildKit expands ``$NAME`` in ADD/COPY/ENV/LABEL/USER/WORKDIR/... with the base image's ``ENV``
as well as the Dockerfile's, so a rule that reports undefined variables must know them. Offline
we know these repositories (Docker Official Images and a few widely used bases); for any other
image the variables it sets are unknown. Every image has ``PATH``.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from typing import TYPE_CHECKING

from stanzalint.analysis.expand import expand
from stanzalint.analysis.model import Analysis, VarDecl, VarRef
from stanzalint.syntax.model import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from stanzalint.rules.base import RuleContext

#: Values BuildKit gives the automatic platform ARGs when nothing else is known (a linux/amd64
#: build on a linux/amd64 machine). Used only where a concrete value is needed.
PLATFORM_DEFAULTS: dict[str, str] = {
    "TARGETPLATFORM": "linux/amd64",
    "TARGETOS": "linux",
    "TARGETARCH": "amd64",
    "TARGETVARIANT": "",
    "BUILDPLATFORM": "linux/amd64",
    "BUILDOS": "linux",
    "BUILDARCH": "amd64",
    "BUILDVARIANT": "",
}

#: Build arguments BuildKit never turns into environment variables and never reports as undefined.
NON_ENV_ARGS = frozenset({"BUILDKIT_SBOM_SCAN_CONTEXT", "BUILDKIT_SBOM_SCAN_STAGE"})


def global_arg_values(analysis: Analysis, text: str, esc: str) -> dict[str, str]:
    """Global ARG values as a build with no ``--build-arg`` sees them: each default expanded in
    order; an ARG without default stays unset. The platform ARGs take ``PLATFORM_DEFAULTS``."""
    env: dict[str, str] = dict(PLATFORM_DEFAULTS)
    for decl in analysis.global_args:
        if decl.value_span is None:
            continue
        raw = text[decl.value_span.start : decl.value_span.end]
        value, _ = expand(raw, esc, lambda n: (n in env, env.get(n)))
        env[decl.name] = value
    return env


def expand_with(text: str, esc: str, env: dict[str, str]) -> str:
    """``text`` expanded the way BuildKit does, unset names becoming empty."""
    value, _ = expand(text, esc, lambda n: (True, env.get(n, "")))
    return value


def declarations(ctx: RuleContext) -> Iterator[VarDecl]:
    """The ARG and ENV declarations of the instructions the rule is shown (the whole file, or
    the instructions and stages the editor re-runs it on), in document order."""
    for ins in ctx.dockerfile.instructions:
        yield from ctx.analysis.decls_of(ins)


def used_global_args(analysis: Analysis) -> frozenset[str]:
    """The names of the global ARGs (before the first FROM) that the rest of the file names:
    in a variable reference anywhere, or redeclared by an ARG in a stage."""
    wanted = {d.name for d in analysis.global_args}
    if not wanted:
        return frozenset()
    named: set[str] = set()
    for name in chain((ref.name for ref in analysis.refs), _stage_arg_names(analysis)):
        if name in wanted:
            named.add(name)
            if len(named) == len(wanted):  # every one is used: the rest of the file need not be read
                break
    return frozenset(named)


def _stage_arg_names(analysis: Analysis) -> Iterator[str]:
    """The names the ARGs of the stages declare, in order."""
    for decl in analysis.decls:
        if decl.kind == "ARG" and decl.stage is not None:
            yield decl.name


def declared_in_same_arg(ins: Instruction, name: str, before: int) -> bool:
    """Whether an earlier ``NAME=...`` item of the same ARG line declares ``name`` (BuildKit
    declares a stage ARG line's items one by one)."""
    for token in ins.args:
        if token.span.start >= before:
            break
        if token.value.partition("=")[0] == name:
            return True
    return False


class ReportedNames:
    """The names already reported unset in each instruction: an instruction that uses a name
    twice gets one report."""

    def __init__(self) -> None:
        self._seen: set[tuple[int, str]] = set()

    def first(self, ref: VarRef) -> bool:
        """Whether ``ref`` is the first report of its name in its instruction (and note it)."""
        key = (id(ref.instruction), ref.name)
        if key in self._seen:
            return False
        self._seen.add(key)
        return True


def unset_message(ref: VarRef, why: str, near: str | None) -> str:
    """The report that ``ref`` names an unset variable: ``why``, then the near miss ``near`` the
    user may have meant."""
    message = f"`${ref.name}` is {why}"
    return f"{message} (did you mean `${near}`?)" if near else message


# -- what base images set ------------------------------------------------------------------------

_DISTRO: frozenset[str] = frozenset()
_JAVA = frozenset({"JAVA_HOME", "JAVA_VERSION", "LANG", "LANGUAGE", "LC_ALL"})

_BY_REPOSITORY: dict[str, frozenset[str]] = {
    # plain distributions set nothing but PATH
    "alpine": _DISTRO,
    "debian": _DISTRO,
    "ubuntu": _DISTRO,
    "busybox": _DISTRO,
    "centos": _DISTRO,
    "fedora": _DISTRO,
    "rockylinux": _DISTRO,
    "almalinux": _DISTRO,
    "amazonlinux": _DISTRO,
    "archlinux": _DISTRO,
    "oraclelinux": _DISTRO,
    "photon": _DISTRO,
    "buildpack-deps": _DISTRO,
    "python": frozenset(
        {
            "LANG",
            "GPG_KEY",
            "PYTHON_VERSION",
            "PYTHON_SHA256",
            "PYTHON_PIP_VERSION",
            "PYTHON_SETUPTOOLS_VERSION",
            "PYTHON_GET_PIP_URL",
            "PYTHON_GET_PIP_SHA256",
        }
    ),
    "pypy": frozenset({"LANG", "PYPY_VERSION"}),
    "node": frozenset({"NODE_VERSION", "YARN_VERSION"}),
    "golang": frozenset({"GOLANG_VERSION", "GOTOOLCHAIN", "GOPATH"}),
    "rust": frozenset({"RUSTUP_HOME", "CARGO_HOME", "RUST_VERSION"}),
    "ruby": frozenset(
        {
            "LANG",
            "RUBY_VERSION",
            "RUBY_DOWNLOAD_URL",
            "RUBY_DOWNLOAD_SHA256",
            "GEM_HOME",
            "BUNDLE_SILENCE_ROOT_WARNING",
            "BUNDLE_APP_CONFIG",
            "RUBY_MAJOR",
        }
    ),
    "php": frozenset(
        {
            "PHPIZE_DEPS",
            "PHP_INI_DIR",
            "APACHE_CONFDIR",
            "APACHE_ENVVARS",
            "PHP_CFLAGS",
            "PHP_CPPFLAGS",
            "PHP_LDFLAGS",
            "GPG_KEYS",
            "PHP_VERSION",
            "PHP_URL",
            "PHP_ASC_URL",
            "PHP_SHA256",
        }
    ),
    "openjdk": _JAVA,
    "eclipse-temurin": _JAVA,
    "amazoncorretto": _JAVA,
    "ibmjava": _JAVA,
    "ibm-semeru-runtimes": _JAVA,
    "sapmachine": _JAVA,
    "maven": _JAVA | {"MAVEN_HOME", "MAVEN_CONFIG"},
    "gradle": _JAVA | {"GRADLE_HOME", "GRADLE_VERSION"},
    "tomcat": _JAVA
    | {
        "CATALINA_HOME",
        "TOMCAT_NATIVE_LIBDIR",
        "LD_LIBRARY_PATH",
        "GPG_KEYS",
        "TOMCAT_MAJOR",
        "TOMCAT_VERSION",
        "TOMCAT_SHA512",
    },
    "nginx": frozenset({"NGINX_VERSION", "NJS_VERSION", "NJS_RELEASE", "PKG_RELEASE", "DYNPKG_RELEASE"}),
    "httpd": frozenset({"HTTPD_PREFIX", "HTTPD_VERSION", "HTTPD_SHA256", "HTTPD_PATCHES"}),
    "postgres": frozenset({"GOSU_VERSION", "LANG", "PG_MAJOR", "PG_VERSION", "PGDATA"}),
    "mysql": frozenset({"GOSU_VERSION", "MYSQL_MAJOR", "MYSQL_VERSION", "MYSQL_SHELL_VERSION"}),
    "mariadb": frozenset({"GOSU_VERSION", "LANG", "MARIADB_VERSION"}),
    "redis": frozenset({"REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA", "REDIS_VERSION"}),
    "mongo": frozenset(
        {"GOSU_VERSION", "JSYAML_VERSION", "MONGO_PACKAGE", "MONGO_REPO", "MONGO_MAJOR", "MONGO_VERSION", "HOME"}
    ),
    "erlang": frozenset({"OTP_VERSION", "REBAR3_VERSION", "LANG"}),
    "elixir": frozenset({"ELIXIR_VERSION", "LANG"}),
    "haskell": frozenset({"LANG", "GHC", "CABAL_INSTALL", "STACK"}),
    "perl": frozenset({"PERL_VERSION"}),
    "dotnet/sdk": frozenset(
        {
            "APP_UID",
            "ASPNETCORE_HTTP_PORTS",
            "DOTNET_RUNNING_IN_CONTAINER",
            "DOTNET_VERSION",
            "ASPNET_VERSION",
            "DOTNET_GENERATE_ASPNET_CERTIFICATE",
            "DOTNET_NOLOGO",
            "DOTNET_SDK_VERSION",
            "DOTNET_USE_POLLING_FILE_WATCHER",
            "NUGET_XMLDOC_MODE",
            "POWERSHELL_DISTRIBUTION_CHANNEL",
        }
    ),
    "dotnet/aspnet": frozenset(
        {"APP_UID", "ASPNETCORE_HTTP_PORTS", "DOTNET_RUNNING_IN_CONTAINER", "DOTNET_VERSION", "ASPNET_VERSION"}
    ),
    "dotnet/runtime": frozenset({"APP_UID", "ASPNETCORE_HTTP_PORTS", "DOTNET_RUNNING_IN_CONTAINER", "DOTNET_VERSION"}),
}


def image_env(path: str) -> frozenset[str] | None:
    """Names the image at ``path`` (``library/python``, ``dotnet/sdk``) sets besides PATH, or None
    when the image is not known."""
    repo = path[len("library/") :] if path.startswith("library/") else path
    return _BY_REPOSITORY.get(repo)
