"""trivy, run offline: configuration checks on Dockerfile text, vulnerabilities in a named image.

``trivy config`` needs no network: its Dockerfile checks are built into the binary, and the flags
below stop it from fetching check bundles, asking for new versions or sending telemetry. ``trivy
image`` needs a vulnerability database already in trivy's cache; it is never downloaded here.

trivy is found through ``$STANZALINT_TRIVY`` (an explicit path), then ``PATH``, then beside the
Python interpreter (the ``stanzalint[trivy]`` extra installs it there).
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass

from stanzalint.executables import installed_program
from stanzalint.findings import Severity

INSTALL_HINT = "install it with `pip install 'stanzalint[trivy]'` or put trivy on PATH"
OFFLINE_FLAGS = ("--skip-version-check", "--disable-telemetry", "--quiet")
CONFIG_FLAGS = ("--skip-check-update", "--misconfig-scanners", "dockerfile", "--format", "json")
IMAGE_FLAGS = ("--skip-db-update", "--skip-java-db-update", "--offline-scan", "--scanners", "vuln", "--format", "json")
#: Vulnerability severities, mapped onto stanzalint's.
VULN_LEVELS = {
    "CRITICAL": Severity.ERROR,
    "HIGH": Severity.ERROR,
    "MEDIUM": Severity.WARNING,
    "LOW": Severity.INFO,
    "UNKNOWN": Severity.INFO,
}
TIMEOUT = 600


class TrivyError(Exception):
    """trivy is missing or could not do what was asked: the message is one line for the user."""


@dataclass(frozen=True)
class Misconfig:
    """One failed trivy configuration check; lines are 1-based, None for the whole file."""

    id: str
    severity: str
    title: str
    message: str
    url: str
    start_line: int | None = None
    end_line: int | None = None


@dataclass(frozen=True)
class Vulnerability:
    """One vulnerable package in an image."""

    id: str
    severity: str
    package: str
    installed: str
    fixed: str
    title: str
    url: str
    target: str

    @property
    def message(self) -> str:
        fixed = f"fixed in {self.fixed}" if self.fixed else "no fixed version yet"
        title = f": {self.title}" if self.title else ""
        return f"{self.package} {self.installed} ({self.target}){title} ({fixed})"


def find_executable() -> str | None:
    explicit = os.environ.get("STANZALINT_TRIVY")
    if explicit is not None:
        return explicit if explicit and os.access(explicit, os.X_OK) else None
    return installed_program("trivy")


def cache_dir() -> str:
    """trivy's cache directory, as trivy computes it."""
    explicit = os.environ.get("TRIVY_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "trivy")


def has_vulnerability_db() -> bool:
    return os.path.isfile(os.path.join(cache_dir(), "db", "trivy.db"))


class Trivy:
    """One trivy executable; ``unavailable`` says why it cannot run (None when it can)."""

    def __init__(self, executable: str | None = None) -> None:
        self.executable = executable or find_executable()

    @property
    def unavailable(self) -> str | None:
        if self.executable is None:
            return f"trivy was not found: {INSTALL_HINT}"
        return None

    def _run(self, args: Sequence[str], what: str) -> dict:
        if self.executable is None:
            raise TrivyError(self.unavailable or "trivy was not found")
        try:
            proc = subprocess.run(  # stdin: in the language server it carries the client's messages
                [self.executable, *args], stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise TrivyError(f"trivy could not run ({what}): {exc}") from None
        if proc.returncode != 0:
            raise TrivyError(f"trivy failed ({what}): {_last_line(proc.stderr) or f'exit status {proc.returncode}'}")
        try:
            return json.loads(proc.stdout or "{}")
        except ValueError:
            raise TrivyError(f"trivy printed something that is not JSON ({what})") from None

    def config_scan(self, texts: Sequence[str]) -> list[list[Misconfig]]:
        """Failed checks for each Dockerfile text, in order; one trivy run for all of them."""
        if not texts:
            return []
        with tempfile.TemporaryDirectory(prefix="stanzalint-trivy-") as tmp:
            for index, text in enumerate(texts):
                folder = os.path.join(tmp, str(index))
                os.mkdir(folder)
                with open(
                    os.path.join(folder, "Dockerfile"), "w", encoding="utf-8", errors="surrogatepass", newline=""
                ) as fh:
                    fh.write(text)
            report = self._run(["config", *OFFLINE_FLAGS, *CONFIG_FLAGS, tmp], "config")
        found: list[list[Misconfig]] = [[] for _ in texts]
        for result in report.get("Results") or []:
            folder = str(result.get("Target", "")).replace("\\", "/").split("/", 1)[0]
            if not folder.isdigit() or int(folder) >= len(texts):
                continue
            found[int(folder)].extend(parse_misconfigs(result))
        return found

    def image_scan(self, ref: str, severities: Sequence[str]) -> list[Vulnerability]:
        """Vulnerabilities of an image (from the Docker engine or its registry) at these severities."""
        if not has_vulnerability_db():
            raise TrivyError(
                f"trivy has no vulnerability database in {cache_dir()}, so the image cannot be scanned offline: "
                "run `trivy image --download-db-only` once with network access"
            )
        args = ["image", *OFFLINE_FLAGS, *IMAGE_FLAGS, "--severity", ",".join(severities), ref]
        return parse_vulnerabilities(self._run(args, f"image {ref}"))


def parse_misconfigs(result: dict) -> list[Misconfig]:
    out: list[Misconfig] = []
    for item in result.get("Misconfigurations") or []:
        if str(item.get("Status", "FAIL")).upper() != "FAIL":
            continue
        cause = item.get("CauseMetadata") or {}
        start = cause.get("StartLine") or None
        end = cause.get("EndLine") or start
        out.append(
            Misconfig(
                id=str(item.get("ID", "")),
                severity=str(item.get("Severity", "UNKNOWN")).upper(),
                title=str(item.get("Title", "")),
                message=str(item.get("Message") or item.get("Title") or ""),
                url=str(item.get("PrimaryURL", "")),
                start_line=int(start) if start else None,
                end_line=int(end) if end else None,
            )
        )
    return out


def parse_vulnerabilities(report: dict) -> list[Vulnerability]:
    out: list[Vulnerability] = []
    for result in report.get("Results") or []:
        for item in result.get("Vulnerabilities") or []:
            out.append(
                Vulnerability(
                    id=str(item.get("VulnerabilityID", "")),
                    severity=str(item.get("Severity", "UNKNOWN")).upper(),
                    package=str(item.get("PkgName", "")),
                    installed=str(item.get("InstalledVersion", "")),
                    fixed=str(item.get("FixedVersion", "")),
                    title=str(item.get("Title", "")),
                    url=str(item.get("PrimaryURL", "")),
                    target=str(result.get("Target", "")),
                )
            )
    return out


def _last_line(text: str) -> str:
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else ""
