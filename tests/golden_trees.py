"""The section tree of a parsed report as golden files pin it: metadata, then one line per section."""

from __future__ import annotations

from index.types import Report


def section_tree(report: Report) -> str:
    lines = [
        f"title: {report.title}",
        f"period: {report.period_label}",
        f"plan: {report.plan_period.label() if report.plan_period else '-'}",
        f"number: {report.number}",
        f"issued: {report.issued}",
        f"signer: {report.signer} ({report.signer_role})",
        f"agency: {report.agency} / {report.parent_agency}, {report.place}",
    ]
    for s in report.sections:
        flag = " [phụ lục]" if s.appendix else ""
        lines.append(f"{'  ' * s.level}{s.kind.value}: {s.heading or '(mở đầu)'}{flag} | {s.body[:50]!r}")
    return "\n".join(lines) + "\n"
