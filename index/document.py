"""What a reader makes of a report file: its lines in reading order, with what the file says of them.

Every format ends here: Word (styles, bold, tables in place), PDF (fonts and geometry, or OCR),
Markdown and plain text. Parsing (`index.parse`) then needs only lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from index.markup import Line


@dataclass(frozen=True)
class PageInfo:
    number: int  # 1-based
    ocr: bool = False  # read from the page's image
    confidence: float | None = None  # OCR's mean word confidence, 0-100; None for a text layer


@dataclass(frozen=True)
class Document:
    lines: tuple[Line, ...]
    pages: tuple[PageInfo, ...] = ()

    def low_confidence_pages(self, below: float) -> list[int]:
        return [p.number for p in self.pages if p.ocr and p.confidence is not None and p.confidence < below]
