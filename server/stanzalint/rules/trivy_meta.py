"""Metadata for trivy's Dockerfile checks: every ``DS-xxxx`` id is a rule without a module of its own.

The table lists the checks bundled with trivy (its ``builtin.dockerfile`` namespace): title,
trivy's severity and its advice. Ids trivy adds later still get a page, with less to say.
Stanzalint rules that check the same thing list the DS id as an alias; ``equivalents`` finds them.
"""

from __future__ import annotations

import re
from functools import cache

from stanzalint.findings import FixAvailability, Severity
from stanzalint.rules.base import RuleMeta

AVD_URL = "https://avd.aquasec.com/misconfig/{slug}"

#: trivy's severities for configuration checks, mapped onto stanzalint's.
LEVELS = {
    "CRITICAL": Severity.ERROR,
    "HIGH": Severity.WARNING,
    "MEDIUM": Severity.WARNING,
    "LOW": Severity.INFO,
    "UNKNOWN": Severity.INFO,
}

#: id: (trivy severity, title, resolution), as trivy's bundled checks state them.
CHECKS: dict[str, tuple[str, str, str]] = {
    "DS-0001": ("MEDIUM", "':latest' tag used", "Add a tag to the image in the 'FROM' statement"),
    "DS-0002": ("HIGH", "Image user should not be 'root'", "Add 'USER <non root user name>' line to the Dockerfile"),
    "DS-0004": ("MEDIUM", "Port 22 exposed", "Remove 'EXPOSE 22' statement from the Dockerfile"),
    "DS-0005": ("LOW", "ADD instead of COPY", "Use COPY instead of ADD"),
    "DS-0006": (
        "CRITICAL",
        "COPY '--from' referring to the current image",
        "Change the '--from' so that it will not refer to itself",
    ),
    "DS-0007": ("CRITICAL", "Multiple ENTRYPOINT instructions listed", "Remove unnecessary ENTRYPOINT instruction."),
    "DS-0008": ("CRITICAL", "Exposed port out of range", "Use port number within range"),
    "DS-0009": ("HIGH", "WORKDIR path not absolute", "Use absolute paths for your WORKDIR"),
    "DS-0010": ("CRITICAL", "RUN using 'sudo'", "Don't use sudo"),
    "DS-0011": (
        "CRITICAL",
        "COPY with more than two arguments not ending with slash",
        "Add slash to last COPY argument",
    ),
    "DS-0012": ("CRITICAL", "Duplicate aliases defined in different FROMs", "Change aliases to make them different"),
    "DS-0013": ("MEDIUM", "'RUN cd ...' to change directory", "Use WORKDIR to change directory"),
    "DS-0014": ("LOW", "RUN using 'wget' and 'curl'", "Pick one util, either 'wget' or 'curl'"),
    "DS-0015": ("HIGH", "'yum clean all' missing", "Add 'yum clean all' to Dockerfile"),
    "DS-0016": (
        "HIGH",
        "Multiple CMD instructions listed",
        "Dockerfile should only have one CMD instruction. Remove all the other CMD instructions",
    ),
    "DS-0017": (
        "HIGH",
        "'RUN <package-manager> update' instruction alone",
        "Combine '<package-manager> update' and '<package-manager> install' instructions to single one",
    ),
    "DS-0019": ("HIGH", "'dnf clean all' missing", "Add 'dnf clean all' to Dockerfile"),
    "DS-0020": ("HIGH", "'zypper clean' missing", "Add 'zypper clean' to Dockerfile"),
    "DS-0021": ("HIGH", "'apt-get' missing '-y' to avoid manual input", "Add '-y' flag to 'apt-get'"),
    "DS-0022": ("HIGH", "Deprecated MAINTAINER used", "Use LABEL instead of MAINTAINER"),
    "DS-0023": (
        "MEDIUM",
        "Multiple HEALTHCHECK defined",
        "One HEALTHCHECK instruction must remain in Dockerfile. Remove all other instructions.",
    ),
    "DS-0025": ("HIGH", "'apk add' is missing '--no-cache'", "Add '--no-cache' to 'apk add' in Dockerfile"),
    "DS-0026": ("LOW", "No HEALTHCHECK defined", "Add HEALTHCHECK instruction in Dockerfile"),
    "DS-0027": ("HIGH", "'microdnf clean all' missing", "Add 'microdnf clean all' to Dockerfile"),
    "DS-0029": (
        "HIGH",
        "'apt-get' missing '--no-install-recommends'",
        "Add '--no-install-recommends' flag to 'apt-get'",
    ),
    "DS-0030": (
        "HIGH",
        "WORKDIR should not be mounted on system dirs",
        "Avoid using system directories to mount WORKDIR",
    ),
    "DS-0031": (
        "CRITICAL",
        "Secrets passed via `build-args` or envs or copied secret files",
        "Use secret mount if secrets are needed during image build. Use volume mount if secret files are needed during container runtime.",
    ),
}

_ID = re.compile(r"DS-?(\d{3,4})\Z")


def normalize(code: str) -> str | None:
    """``DS-0002`` for ``ds002``, ``DS002`` or ``DS-0002``; None for anything else."""
    match = _ID.match(code.strip().upper())
    return f"DS-{int(match.group(1)):04d}" if match else None


def url_for(code: str) -> str:
    return AVD_URL.format(slug=(normalize(code) or code).lower())


def severity_of(code: str, trivy_severity: str | None = None) -> Severity:
    """The severity of a DS finding: from trivy's own label, else from the table."""
    label = (trivy_severity or CHECKS.get(normalize(code) or "", ("MEDIUM",))[0]).upper()
    return LEVELS.get(label, Severity.WARNING)


def equivalents(code: str) -> list[str]:
    """Codes of the stanzalint rules that list this DS id as an alias (they check the same thing)."""
    from stanzalint import rules as registry

    ds = normalize(code)
    if ds is None:
        return []
    return [r.code for r in registry.all_rules() if ds in (a.upper() for a in r.meta.aliases)]


@cache
def meta_for(code: str) -> RuleMeta | None:
    """A RuleMeta for a trivy Dockerfile check id (``DS-0026``), or None for anything else."""
    ds = normalize(code)
    if ds is None:
        return None
    severity, title, resolution = CHECKS.get(ds, ("MEDIUM", f"trivy check {ds}", "See trivy's page for this check."))
    same = equivalents(ds)
    also = (
        f"\n\nStanzalint's {', '.join(same)} checks the same thing; when both report it, only stanzalint's finding is shown."
        if same
        else ""
    )
    docs = (
        f"# {ds}\n\n"
        "## What it does\n"
        f"Reports trivy's Dockerfile check {ds}: {title}.{also}\n\n"
        "## Why is this bad?\n"
        "trivy's configuration checks flag Dockerfile settings that weaken the image's security "
        "or reproducibility; `stanzalint scan` and the editor (setting `stanzalint.trivy.enable`) "
        "show them next to stanzalint's own findings.\n\n"
        "## Example\n"
        f"See trivy's page for {ds}.\n\n"
        "## Use instead\n"
        f"{resolution}\n\n"
        "## Fix safety\nNo automatic fix.\n\n"
        f"## Options\nNone. Silence it for one instruction with `# trivy:ignore:{ds}`.\n\n"
        f"## References\n- [trivy: {ds}]({url_for(ds)})\n"
    )
    return RuleMeta(
        code=ds,
        name=f"trivy-{ds.lower()}",
        severity=LEVELS.get(severity, Severity.WARNING),
        fix=FixAvailability.NEVER,
        aliases=tuple(same),
        origin="trivy",
        docs=docs,
        summary=f"trivy {ds}: {title}.",
    )
