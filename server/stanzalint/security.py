"""The rules that guard an image's security, and how much (CVSS-like 0.0-10.0).

Output formats that sort findings by kind read this: SARIF's ``security-severity`` (GitHub code
scanning ranks 9.0+ critical, 7.0+ high, 4.0+ medium, below that low), SonarQube's software
quality and GitLab's categories. Every other rule is about maintainability, size or build speed.
"""

from __future__ import annotations

#: code -> security severity. A rule is here when what it finds can let an attacker in or out.
SECURITY_SEVERITY: dict[str, float] = {
    "DL3002": 7.0,  # the last USER is root
    "SZ501": 7.0,  # the final stage runs as root
    "SZ502": 6.0,  # a user is created but the image still runs as root
    "DL3066": 3.0,  # a named USER: "run as non-root" policies cannot verify it
    "DL3004": 5.0,  # sudo in RUN
    "DL3026": 6.0,  # a base image from an untrusted registry
    "DL3064": 8.0,  # a secret in ARG or ENV: it ships in the image's history
    "SZ812": 8.0,  # BuildKit's SecretsUsedInArgOrEnv
    "SZ201": 8.0,  # a remote script piped to a shell
    "SZ202": 6.5,  # a remote ADD without a checksum
    "SZ203": 7.5,  # TLS verification turned off
    "SZ105": 7.0,  # an end-of-life base image gets no security updates
}


def security_severity(code: str) -> float | None:
    """The rule's security severity, or None when the rule is not about security."""
    return SECURITY_SEVERITY.get(code.upper())


def is_security_rule(code: str) -> bool:
    return code.upper() in SECURITY_SEVERITY
