"""PDF files read page by page with pdfplumber: the text layer with its fonts and positions, ruled
tables as tables, and pages without a text layer through OCR (`index.ocr`). The page geometry then
becomes lines (`index.layout`): running headers, footers and page numbers dropped, wrapped lines
joined, bold lines marked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index.document import Document, PageInfo
from index.errors import ReportLoadError
from index.layout import PageLayout, Piece, VisualLine, lines_of_pages, split_columns
from index.ocr import OcrCache, ocr_image

log = logging.getLogger(__name__)

PageProgress = Callable[[int, int], None]  # (pages done, pages in all)
# A page with fewer characters than this in its text layer is an image of a page (a scan, maybe
# with a stamped page number or a signature drawn as text).
MIN_TEXT_CHARS = 40
# OCR below this mean word confidence is not Vietnamese text that can be trusted (a photo, a page
# of another language, noise): the file is refused with the reason rather than indexed as garbage.
MIN_OCR_CONFIDENCE = 35.0


def _pieces(line: dict[str, Any]) -> tuple[Piece, ...]:
    """The characters of one pdfplumber text line as pieces, cut where a word gap is wider than a space."""
    chars = sorted((c for c in line["chars"] if c["text"].strip()), key=lambda c: c["x0"])
    pieces: list[Piece] = []
    words: list[list[dict[str, Any]]] = []
    for char in chars:
        if words and char["x0"] - words[-1][-1]["x1"] < 0.2 * char["size"]:
            words[-1].append(char)
        else:
            words.append([char])
    for word in words:
        text = "".join(c["text"] for c in word)
        bold = sum(1 for c in word if "bold" in c["fontname"].lower()) >= 0.8 * len(word)
        pieces.append(
            Piece(
                text,
                word[0]["x0"],
                word[-1]["x1"],
                min(c["top"] for c in word),
                max(c["bottom"] for c in word),
                max(c["size"] for c in word),
                bold,
            )
        )
    return tuple(pieces)


def _inside(line: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    middle = (line["top"] + line["bottom"]) / 2
    return any(
        x0 - 1 <= line["x0"] and line["x1"] <= x1 + 1 and top <= middle <= bottom
        for x0, top, x1, bottom in boxes
    )


def _text_page(page: Any, number: int) -> PageLayout:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    lines = []
    for line in page.extract_text_lines(return_chars=True):
        if boxes and _inside(line, boxes):
            continue
        pieces = _pieces(line)
        if pieces:
            lines.append(VisualLine(pieces, number))
    grids = tuple((t.bbox[1], tuple(tuple(row) for row in t.extract())) for t in tables)
    return PageLayout(number, float(page.height), tuple(lines), grids)


# Scans are rendered near the resolution of their own page image, and at 200 dpi at least. Measured on
# the corpus scan (a 150 dpi image, four pages): words Tesseract misread 0.38% at 150 dpi but with the
# report's number cut short, 0.44% at 200 with it whole, 0.65% at 300 and 0.66% at 400 (resampled).
MIN_OCR_DPI, MAX_OCR_DPI, DEFAULT_OCR_DPI = 200, 400, 300


def scan_resolution(page: Any) -> int:
    """The dpi of the largest image on the page, within [MIN_OCR_DPI, MAX_OCR_DPI]."""
    best = None
    for image in page.images:
        width_in = float(image["width"]) / 72
        pixels = (image.get("srcsize") or (0, 0))[0]
        if width_in > 0 and pixels and (best is None or width_in > best[0]):
            best = (width_in, pixels / width_in)
    if best is None:
        return DEFAULT_OCR_DPI
    return int(min(MAX_OCR_DPI, max(MIN_OCR_DPI, round(best[1]))))


def _has_text_layer(page: Any) -> bool:
    return sum(1 for c in page.chars if c["text"].strip()) >= MIN_TEXT_CHARS


def read_pdf(
    path: Path, digest: str = "", ocr_cache: Path | None = None, progress: PageProgress | None = None
) -> Document:
    import pdfplumber  # lazy: only PDFs need it
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(str(path))
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, OSError, TypeError) as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise ReportLoadError(f"{path.name}: PDF có mật khẩu; hãy gỡ mật khẩu rồi nạp lại.") from exc
        raise ReportLoadError(f"{path.name}: tệp PDF hỏng hoặc không đọc được ({cause}).") from exc
    cache = OcrCache(ocr_cache, digest) if digest else OcrCache(None, "")
    layouts: list[PageLayout] = []
    infos: list[PageInfo] = []
    try:
        with pdf:
            total = len(pdf.pages)
            for index, page in enumerate(pdf.pages, start=1):
                if _has_text_layer(page):
                    layouts.append(_text_page(page, index))
                    infos.append(PageInfo(index))
                else:
                    result = cache.get(index)
                    if result is None:
                        image = page.to_image(resolution=scan_resolution(page)).original
                        result = ocr_image(image, index)
                        cache.put(index, result)
                    layouts.append(PageLayout(index, result.height, result.lines))
                    confidence = None if result.confidence is None else round(result.confidence, 1)
                    infos.append(PageInfo(index, ocr=True, confidence=confidence))
                    page.close()  # rendered images are large: free them page by page
                if progress:
                    progress(index, total)
    except ReportLoadError as exc:
        raise ReportLoadError(f"{path.name}: {exc}") from exc
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError) as exc:
        raise ReportLoadError(f"{path.name}: tệp PDF hỏng hoặc không đọc được ({exc}).") from exc
    scanned = [p for p in infos if p.ocr and p.confidence is not None]
    if scanned:
        mean = sum(p.confidence or 0.0 for p in scanned) / len(scanned)
        if mean < MIN_OCR_CONFIDENCE:
            raise ReportLoadError(
                f"{path.name}: OCR không nhận ra chữ tiếng Việt đáng tin (độ tin cậy trung bình "
                f"{mean:.0f}/100); hãy quét lại rõ hơn (300 dpi, thẳng trang) hoặc nạp bản có chữ."
            )
    lines = lines_of_pages(layouts)
    return Document(tuple(lines), pages=tuple(infos))


__all__ = ["read_pdf", "split_columns"]
