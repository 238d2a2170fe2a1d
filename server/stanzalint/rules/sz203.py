"""
## What it does
Flags commands and settings that turn off TLS certificate or package signature checks:
`curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
`uv --allow-insecure-host`, `apt-get --allow-unauthenticated` and
`-o Acquire::https::Verify-Peer=false`, `yum/dnf --nogpgcheck`, `apk --allow-untrusted`,
`npm/yarn/pnpm config set strict-ssl false`, `git -c http.sslVerify=false`,
`git config … http.sslVerify false`, `conda config --set ssl_verify false`, and the variables
`GIT_SSL_NO_VERIFY`, `PYTHONHTTPSVERIFY=0`, `NODE_TLS_REJECT_UNAUTHORIZED=0`,
`PIP_TRUSTED_HOST`, `NPM_CONFIG_STRICT_SSL=false`, `CONDA_SSL_VERIFY=false` in `ENV` or in a RUN.

A `curl -k` or `wget --no-check-certificate` download that the same RUN then verifies
(`sha256sum -c`, `gpg --verify`, `cosign verify`...) is not flagged: the checksum or signature,
not the certificate, is what proves the file is the one you meant.

Installing local package files that the build itself produced (`apk add --allow-untrusted
/tmp/pkgs/*.apk`, `dnf install --nogpgcheck ./x.rpm`) involves no download and is not flagged.

## Why is this bad?
Certificate checks are what stop someone between you and the server (a proxy, a hostile
network, a poisoned DNS answer) from handing you a different file. Package signatures do the
same for repositories. With the check off, any download in the build can be replaced, and the
replacement runs as root in your image. An `ENV` is worse: the setting stays on in every
container started from the image. When a corporate proxy re-signs TLS, install its CA
certificate (`COPY ca.crt /usr/local/share/ca-certificates/` and `update-ca-certificates`)
instead of disabling verification.

## Example
```dockerfile
RUN pip install --trusted-host pypi.org --trusted-host files.pythonhosted.org -r requirements.txt
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
```

## Use instead
```dockerfile
COPY corp-ca.crt /usr/local/share/ca-certificates/corp-ca.crt
RUN update-ca-certificates
ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt
RUN pip install -r requirements.txt
```

## Fix safety
No automatic fix: removing the option makes the build fail wherever the check was failing, and
the cure (a CA certificate) is yours to add.

## Options
None.

## References
- [pip: --trusted-host](https://pip.pypa.io/en/stable/cli/pip/#cmdoption-trusted-host)
- [Node.js: NODE_TLS_REJECT_UNAUTHORIZED](https://nodejs.org/api/cli.html#node_tls_reject_unauthorizedvalue)
- [Git: GIT_SSL_NO_VERIFY](https://git-scm.com/docs/git#Documentation/git.txt-codeGITSSLNOVERIFYcode)
"""

from __future__ import annotations

from collections.abc import Iterator

from stanzalint.analysis.model import ShellCommand, Word
from stanzalint.findings import FixAvailability, Severity, Violation
from stanzalint.rules.base import RuleContext, rule
from stanzalint.rules.toolkit.commands import tool_of, verifies_download
from stanzalint.syntax.model import Span

_FALSE = {"false", "0", "no", "off"}


def _insecure_variable(name: str, value: str) -> str | None:
    """Why NAME=VALUE turns verification off, or None."""
    upper = name.upper()
    low = value.strip().strip("'\"").lower()
    if upper == "GIT_SSL_NO_VERIFY" and low not in ("",):
        return "`GIT_SSL_NO_VERIFY` makes git skip certificate checks"
    if upper == "PYTHONHTTPSVERIFY" and low == "0":
        return "`PYTHONHTTPSVERIFY=0` turns off certificate checks in Python's urllib"
    if upper == "NODE_TLS_REJECT_UNAUTHORIZED" and low == "0":
        return "`NODE_TLS_REJECT_UNAUTHORIZED=0` makes Node.js accept any certificate"
    if upper == "PIP_TRUSTED_HOST" and low:
        return "`PIP_TRUSTED_HOST` makes pip skip certificate checks for those hosts"
    if upper == "UV_INSECURE_HOST" and low:
        return "`UV_INSECURE_HOST` makes uv skip certificate checks for those hosts"
    if upper in ("NPM_CONFIG_STRICT_SSL", "YARN_STRICT_SSL") and low in _FALSE:
        return f"`{name}={value}` makes the package manager accept any certificate"
    if upper == "CONDA_SSL_VERIFY" and low in _FALSE:
        return "`CONDA_SSL_VERIFY` off makes conda accept any certificate"
    return None


def _word(cmd: ShellCommand, *options: str) -> Word | None:
    """The first argument that is one of ``options`` (long ones, ``--insecure``), alone or with
    a value (``--insecure=...``): a package name, which cannot be, is passed over at one look."""
    for w in cmd.args:
        if not w.value.startswith("--"):
            continue
        for v in options:
            if w.value == v or w.value.startswith(v + "="):
                return w
    return None


def _short(cmd: ShellCommand, letter: str) -> Word | None:
    for w in cmd.args:
        v = w.value
        if v == "--":
            return None
        if v.startswith("-") and not v.startswith("--") and v[1:].isalpha() and letter in v[1:]:
            return w
    return None


def _config_set(cmd: ShellCommand, keys: tuple[str, ...]) -> Word | None:
    """``<tool> config set <key> false`` / ``--set key false`` / ``<key>=false``."""
    values = [w.value for w in cmd.args]
    for i, v in enumerate(values):
        key, _, inline = v.partition("=")
        if key.lower() in keys:
            value = inline if inline else (values[i + 1] if i + 1 < len(values) else "")
            if value.lower() in _FALSE:
                return cmd.args[i]
    return None


def _local_packages(args: list[Word]) -> bool:
    """All packages named are local files (built in the build itself): no download to trust."""
    names = [w.value for w in args if not w.value.startswith("-")][1:]
    return bool(names) and all("/" in n or n.endswith((".apk", ".rpm")) for n in names)


#: apt options (``-o Acquire::https::Verify-Peer=false``), lowercased, blanks removed, that turn checks off
_APT_INSECURE_SETTINGS = (
    "verify-peer=false",
    "verify-host=false",
    "allowinsecurerepositories=true",
    "allowunauthenticated=true",
    "verify-peer=0",
    "verify-host=0",
)


def _command_findings(cmd: ShellCommand) -> list[tuple[Span, str]]:
    tool, args = tool_of(cmd)
    out: list[tuple[Span, str]] = []
    hit: Word | None = None
    if tool == "curl":
        hit = _word(cmd, "--insecure") or _short(cmd, "k")
        if hit:
            out.append((hit.span, "`curl` is told to accept any certificate"))
    elif tool == "wget":
        hit = _word(cmd, "--no-check-certificate")
        if hit:
            out.append((hit.span, "`wget --no-check-certificate` accepts any certificate"))
    elif tool in ("pip", "uv", "pipenv", "poetry"):
        for w in args:
            if (
                w.value == "--trusted-host"
                or w.value.startswith("--trusted-host=")
                or w.value == "--allow-insecure-host"
                or w.value.startswith("--allow-insecure-host=")
            ):
                out.append((w.span, f"`{w.value.split('=')[0]}` makes {tool} skip certificate checks for that host"))
                break
        if not out and tool == "pip":
            values = [w.value for w in args]
            if values[:2] == ["config", "set"] and len(values) > 2 and values[2].endswith("trusted-host"):
                out.append((args[2].span, "pip is configured to skip certificate checks for a host"))
    elif tool in ("apt-get", "aptitude"):
        hit = _word(cmd, "--allow-unauthenticated", "--allow-insecure-repositories", "--no-check-gpg")
        if hit:
            out.append((hit.span, f"`{hit.value}` installs packages whose signatures were not checked"))
        for w in cmd.args:
            if "=" not in w.value:
                continue  # a package or a flag: each setting below has one
            setting = w.value.lower().replace(" ", "")
            if any(k in setting for k in _APT_INSECURE_SETTINGS):
                out.append((w.span, "this apt option turns off TLS or signature checks"))
    elif tool in ("yum", "dnf", "microdnf", "tdnf", "zypper"):
        hit = _word(cmd, "--nogpgcheck", "--no-gpg-checks")
        if hit and not _local_packages(args):
            out.append((hit.span, f"`{hit.value}` installs packages whose signatures were not checked"))
    elif tool == "apk":
        hit = _word(cmd, "--allow-untrusted")
        if hit and not _local_packages(args):
            out.append((hit.span, "`apk --allow-untrusted` installs packages whose signatures were not checked"))
    elif tool in ("npm", "yarn", "pnpm"):
        hit = _config_set(cmd, ("strict-ssl", "strict_ssl", "--strict-ssl", "enablestrictssl"))
        if hit:
            out.append((hit.span, f"{tool} is told to accept any certificate"))
    elif tool == "git":
        for w in cmd.args:
            setting = w.value.lower().replace(" ", "")
            if setting in ("http.sslverify=false", "http.sslverify=0"):
                out.append((w.span, "git is told to accept any certificate"))
        values = [w.value.lower() for w in cmd.args]
        if "config" in values and "http.sslverify" in values:
            i = values.index("http.sslverify")
            if i + 1 < len(values) and values[i + 1] in _FALSE:
                out.append((cmd.args[i].span, "git is configured to accept any certificate"))
    elif tool in ("conda", "mamba", "micromamba"):
        hit = _config_set(cmd, ("ssl_verify",))
        if hit:
            out.append((hit.span, f"{tool} is configured to accept any certificate"))
        elif _word(cmd, "--insecure"):
            out.append((_word(cmd, "--insecure").span, f"`{tool} --insecure` accepts any certificate"))
    if tool in ("export", "env"):
        for w in cmd.args:
            name, eq, value = w.value.partition("=")
            reason = _insecure_variable(name, value) if eq else None
            if reason:
                out.append((w.span, reason))
    for w in cmd.assignments:
        name, _, value = w.value.partition("=")
        reason = _insecure_variable(name, value)
        if reason:
            out.append((w.span, reason))
    return out


@rule(
    code="SZ203",
    name="tls-verification-disabled",
    severity=Severity.ERROR,
    fix=FixAvailability.NEVER,
    practice="b",
    scope="instruction",
    reads=("shell",),
)
def check(ctx: RuleContext) -> Iterator[Violation]:
    for ins in ctx.dockerfile.walk():
        if ins.keyword == "ENV":
            args = ins.args
            for i in range(0, len(args) - 1, 2):
                reason = _insecure_variable(args[i].value, args[i + 1].value)
                if reason:
                    yield ctx.violation(Span(args[i].span.start, args[i + 1].span.end), reason)
        elif ins.keyword == "RUN":
            commands = ctx.analysis.commands(ins)
            last_verifying: int | None = None  # read at the first download
            for i, cmd in enumerate(commands):
                if cmd.name in ("curl", "wget"):
                    if last_verifying is None:
                        last_verifying = _last_verifying(commands)
                    if i < last_verifying:
                        continue  # a later command verifies what it downloads
                for span, message in _command_findings(cmd):
                    yield ctx.violation(span, message)


def _last_verifying(commands: list[ShellCommand]) -> int:
    """The index of the last of ``commands`` that verifies a download (``verifies_download``),
    -1 for none: a download before it is checked. Read once per RUN, not once per download."""
    for i in range(len(commands) - 1, -1, -1):
        if verifies_download(commands[i]):
            return i
    return -1
