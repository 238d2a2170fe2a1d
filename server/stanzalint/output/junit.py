"""``--format junit``: a JUnit XML report (GitLab's test report, Jenkins, Azure Pipelines).

One ``<testsuite>`` per file; in it one ``<testcase>`` per rule that fired, named by the rule,
with one ``<failure>`` that lists each finding (``file:line:column: message``). A clean file
has one passing test case, so every file checked shows up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from stanzalint.findings import Violation
from stanzalint.output import FileReport, xml_text
from stanzalint.output.gnu import gnu_line

CLEAN_CASE = "no findings"


def _by_rule(report: FileReport) -> dict[str, list[Violation]]:
    groups: dict[str, list[Violation]] = {}
    for v in report.violations:
        groups.setdefault(v.code, []).append(v)
    return groups


def _failure_text(report: FileReport, found: list[Violation], url: str) -> str:
    return "\n".join([gnu_line(report, v) for v in found] + [f"See {url}"])


def _suite(report: FileReport, url_for) -> ET.Element:
    groups = _by_rule(report)
    suite = ET.Element(
        "testsuite",
        name=report.path,
        tests=str(max(1, len(groups))),
        failures=str(len(groups)),
        errors="0",
        skipped="0",
        time="0",
    )
    if not groups:
        ET.SubElement(suite, "testcase", classname=report.path, name=CLEAN_CASE, time="0")
    for code, found in groups.items():
        case = ET.SubElement(suite, "testcase", classname=report.path, name=f"{code} {found[0].name}".strip(), time="0")
        count = f" ({len(found)} findings)" if len(found) > 1 else ""
        failure = ET.SubElement(case, "failure", message=f"{found[0].message}{count}", type=code)
        failure.text = _failure_text(report, found, url_for(code))
    return suite


def format_junit(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    suites = [_suite(report, url_for) for report in reports]
    root = ET.Element(
        "testsuites",
        name="stanzalint",
        tests=str(sum(int(s.get("tests", "0")) for s in suites)),
        failures=str(sum(int(s.get("failures", "0")) for s in suites)),
        errors="0",
        time="0",
    )
    root.extend(suites)
    return xml_text(root)
