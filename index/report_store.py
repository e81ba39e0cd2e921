"""Parsed reports kept beside the index: text, sections and metadata, for citations and the UI."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Any

from index.figures import FIGURES_VERSION, Figure, extract_figures
from index.manifest import IndexPaths, write_atomic
from index.segment import find_words
from index.types import Chunk, Period, PeriodKind, Report, Section, SectionKind


def _period_to_dict(period: Period | None) -> dict[str, str] | None:
    if period is None:
        return None
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), "kind": period.kind.value}


def period_from_dict(data: dict[str, str] | None) -> Period | None:
    if not data:
        return None
    return Period(
        date.fromisoformat(data["start"]), date.fromisoformat(data["end"]), PeriodKind(data["kind"])
    )


def report_to_dict(report: Report) -> dict[str, Any]:
    return {
        "file_name": report.file_name,
        "content_hash": report.content_hash,
        "title": report.title,
        "period": _period_to_dict(report.period),
        "plan_period": _period_to_dict(report.plan_period),
        "number": report.number,
        "issued": report.issued.isoformat() if report.issued else None,
        "signer": report.signer,
        "signer_role": report.signer_role,
        "agency": report.agency,
        "parent_agency": report.parent_agency,
        "place": report.place,
        "low_confidence_pages": list(report.low_confidence_pages),
        "page_starts": [list(p) for p in report.page_starts],
        "text": report.text,
        "sections": [{**asdict(s), "path": list(s.path), "kind": s.kind.value} for s in report.sections],
    }


def report_from_dict(data: dict[str, Any]) -> Report:
    return Report(
        file_name=data["file_name"],
        content_hash=data["content_hash"],
        text=data["text"],
        title=data["title"],
        period=period_from_dict(data["period"]),
        plan_period=period_from_dict(data["plan_period"]),
        sections=tuple(
            Section(**{**s, "path": tuple(s["path"]), "kind": SectionKind(s["kind"])})
            for s in data["sections"]
        ),
        number=data["number"],
        issued=date.fromisoformat(data["issued"]) if data["issued"] else None,
        signer=data["signer"],
        signer_role=data.get("signer_role"),
        agency=data.get("agency"),
        parent_agency=data.get("parent_agency"),
        place=data.get("place"),
        low_confidence_pages=tuple(data.get("low_confidence_pages", ())),
        page_starts=tuple((int(a), int(b)) for a, b in data.get("page_starts", ())),
    )


def page_at(page_starts: tuple[tuple[int, int], ...], offset: int) -> int | None:
    """The page an offset of the report text stands on; None where the file has no pages."""
    page = None
    for start, number in page_starts:
        if start > offset:
            break
        page = number
    return page


def save_report(path: Path, report: Report) -> None:
    write_atomic(path, json.dumps(report_to_dict(report), ensure_ascii=False))


def load_report_json(path: Path) -> Report:
    return report_from_dict(json.loads(path.read_text(encoding="utf-8")))


def save_report_words(path: Path, words: set[str]) -> None:
    write_atomic(path, json.dumps(sorted(words), ensure_ascii=False))


def load_report_words(paths: IndexPaths, file_name: str) -> set[str]:
    """The words saved at ingest; an index made before they were saved gets them now, once."""
    path = paths.report_words(file_name)
    if path.exists():
        return set(json.loads(path.read_text(encoding="utf-8")))
    words = find_words(load_report_json(paths.report_json(file_name)).text)
    save_report_words(path, words)
    return words


def save_report_figures(path: Path, figures: list[Figure]) -> None:
    payload = {"version": FIGURES_VERSION, "figures": [f.to_dict() for f in figures]}
    write_atomic(path, json.dumps(payload, ensure_ascii=False))


def load_report_figures(paths: IndexPaths, file_name: str, chunks: Iterable[Chunk]) -> list[Figure]:
    """The figures saved at ingest; made again (and saved) when missing, unreadable or of another version."""
    path = paths.report_figures(file_name)
    try:
        payload = json.loads(path.read_text(encoding="utf-8"))
        if payload.get("version") == FIGURES_VERSION:
            return [Figure.from_dict(d) for d in payload["figures"]]
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # an older or damaged table: made again below
    figures = extract_figures(c for c in chunks if c.report_file == file_name)
    save_report_figures(path, figures)
    return figures
