"""``--format checkstyle``: Checkstyle's XML report (Jenkins warnings-ng and most CI plugins read it).

``<checkstyle><file name><error line column severity message source/></file></checkstyle>``;
every file checked has its ``<file>`` element, with no ``<error>`` when it is clean.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.etree import ElementTree as ET

from stanzalint.findings import Severity
from stanzalint.output import FileReport, location, xml_text

#: Checkstyle's levels are error, warning, info and ignore.
_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "info", Severity.STYLE: "info"}


def format_checkstyle(reports: Sequence[FileReport], url_for, **_: Any) -> str:
    root = ET.Element("checkstyle", version="4.3")
    for report in reports:
        file_element = ET.SubElement(root, "file", name=report.path)
        for v in report.violations:
            loc = location(report.lines, v.span)
            ET.SubElement(
                file_element,
                "error",
                line=str(loc.line),
                column=str(loc.column),
                severity=_SEVERITY[v.severity],
                message=f"{v.message} ({v.name}: {url_for(v.code)})",
                source=f"stanzalint.{v.code}",
            )
    return xml_text(root)
