"""OCR of page images with Tesseract's Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie).

The `tesseract` program is run on each page image and its TSV output read into pieces of text with
their boxes and confidences (`index.layout`). Pages already read are kept in a cache folder, keyed
by the file's content hash and the page number, so an interrupted ingest goes on where it stopped.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from index.errors import ReportLoadError
from index.layout import Piece, VisualLine

OCR_LANGUAGE = "vie"
OCR_TIMEOUT_S = 180  # one page; a dense A4 page takes 5-15 s on two cores
MISSING_TESSERACT = (
    "cần Tesseract để đọc bản scan: cài `apt-get install tesseract-ocr tesseract-ocr-vie` "
    "(make run / make test làm việc này khi có quyền root), rồi chạy lại `baocao ingest`."
)


class OcrUnavailableError(ReportLoadError):
    pass


def tesseract_status() -> str | None:
    """None when Tesseract with the Vietnamese model can run here, else what is missing and how to add it."""
    program = shutil.which("tesseract")
    if program is None:
        return MISSING_TESSERACT
    try:
        listed = subprocess.run(
            [program, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return MISSING_TESSERACT
    if OCR_LANGUAGE not in listed.split():
        return "Tesseract chưa có mô hình tiếng Việt: cài `apt-get install tesseract-ocr-vie`."
    return None


@dataclass(frozen=True)
class OcrPage:
    lines: tuple[VisualLine, ...]
    confidence: float | None  # mean word confidence, 0-100; None for a page without words
    width: float
    height: float


def _read_tsv(tsv: str, page: int) -> OcrPage:
    rows = list(csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE))
    width = height = 0.0
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    confidences: list[float] = []
    for row in rows:
        if row.get("level") == "1":
            width, height = float(row["width"]), float(row["height"])
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        conf = float(row["conf"])
        if conf >= 0:
            confidences.append(conf)
        groups.setdefault((row["block_num"], row["par_num"], row["line_num"]), []).append(row)
    lines = []
    for words in groups.values():
        pieces = tuple(
            Piece(
                w["text"].strip(),
                float(w["left"]),
                float(w["left"]) + float(w["width"]),
                float(w["top"]),
                float(w["top"]) + float(w["height"]),
                float(w["height"]) * 1.4,  # cap-and-ascender height to a font size
            )
            for w in words
        )
        lines.append(VisualLine(pieces, page))
    lines.sort(key=lambda line: (line.top, line.x0))
    mean = sum(confidences) / len(confidences) if confidences else None
    return OcrPage(tuple(lines), mean, width, height)


def ocr_image(image: Any, page: int) -> OcrPage:
    """One page image (PIL) through `tesseract … tsv`."""
    status = tesseract_status()
    if status:
        raise OcrUnavailableError(status)
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "page.png"
        image.save(png)
        try:
            done = subprocess.run(
                ["tesseract", str(png), "stdout", "-l", OCR_LANGUAGE, "--psm", "4", "tsv"],
                capture_output=True,
                text=True,
                timeout=OCR_TIMEOUT_S,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise ReportLoadError(f"trang {page}: OCR quá {OCR_TIMEOUT_S} giây") from exc
    if done.returncode != 0:
        raise ReportLoadError(f"trang {page}: Tesseract lỗi ({done.stderr.strip()[:200]})")
    return _read_tsv(done.stdout, page)


# Raise when what a page's OCR yields changes (resolution, Tesseract options, what is kept): cached
# pages of an older version are read again.
OCR_CACHE_VERSION = 3


class OcrCache:
    """Pages already read, one JSON file each under `folder/<content hash>-v<version>/`."""

    def __init__(self, folder: Path | None, digest: str) -> None:
        self.folder = folder / f"{digest[:32]}-v{OCR_CACHE_VERSION}" if folder else None

    def _path(self, page: int) -> Path | None:
        return self.folder / f"{page:05d}.json" if self.folder else None

    def get(self, page: int) -> OcrPage | None:
        path = self._path(page)
        if path is None or not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            lines = tuple(
                VisualLine(tuple(Piece(**p) for p in line["pieces"]), line["page"]) for line in data["lines"]
            )
            return OcrPage(lines, data["confidence"], data["width"], data["height"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # a damaged entry is read again

    def put(self, page: int, result: OcrPage) -> None:
        path = self._path(page)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "lines": [
                {"pieces": [asdict(p) for p in line.pieces], "page": line.page} for line in result.lines
            ],
            "confidence": result.confidence,
            "width": result.width,
            "height": result.height,
        }
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        partial.replace(path)
