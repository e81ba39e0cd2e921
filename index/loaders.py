"""Read report files. One reader per format; errors name the file and the reason.

`read_document` gives every format as lines (`index.document`): text and Markdown here, Word in
`index.read_docx`, PDF (text layer or OCR) in `index.read_pdf`, Word 97-2003 through LibreOffice
(`index.convert`)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from index.document import Document
from index.errors import ReportLoadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".doc", ".pdf")
TEXT_SUFFIXES = (".txt", ".md")
# An OLE compound file: a Word 97-2003 document, or an encrypted (password) Office file.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


MAX_TEXT_CHARS = 2_000_000  # about a thousand pages; a report is some tens of pages


def _decode_text(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, or Windows-1258 (Vietnamese, the old
    Windows default; also reads Western Windows-1252 letters)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ReportLoadError(f"{path.name}: tệp nhị phân, không phải văn bản; hãy lưu lại dưới dạng UTF-8.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1258")
        except UnicodeDecodeError:
            raise ReportLoadError(
                f"{path.name}: không đọc được bảng mã; hãy lưu lại dưới dạng UTF-8."
            ) from None
    controls = sum(1 for c in text[:100_000] if ord(c) < 32 and c not in "\t\n\r\f")
    if controls > min(len(text), 100_000) / 100:
        raise ReportLoadError(f"{path.name}: tệp nhị phân, không phải văn bản; hãy lưu lại dưới dạng UTF-8.")
    return text


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReportLoadError(f"{path.name}: không mở được tệp ({exc.strerror}).") from exc


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReportLoadError(
            f"{path.name}: định dạng {suffix or '(không có đuôi)'} không được hỗ trợ; "
            f"dùng {', '.join(SUPPORTED_SUFFIXES)}."
        )
    return suffix


def _check_size(path: Path, chars: int) -> None:
    if chars == 0:
        raise ReportLoadError(f"{path.name}: tệp rỗng, không có nội dung để lập chỉ mục.")
    if chars > MAX_TEXT_CHARS:
        size, most = (f"{n:,}".replace(",", ".") for n in (chars, MAX_TEXT_CHARS))
        raise ReportLoadError(
            f"{path.name}: quá dài ({size} ký tự, tối đa {most}); hãy tách thành các báo cáo theo kỳ."
        )


def extract_text(path: Path, data: bytes) -> str:
    """The raw text of a text or Markdown report."""
    if _check_suffix(path) not in TEXT_SUFFIXES:
        raise ReportLoadError(f"{path.name}: không phải tệp văn bản; dùng read_document.")
    text = _decode_text(data, path)
    _check_size(path, len(text.strip()) and len(text))
    return text


def read_document(
    path: Path,
    data: bytes,
    ocr_cache: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    """Any supported report file as lines. `ocr_cache`: where pages read by OCR are kept (an
    interrupted ingest goes on from there); `progress(pages done, pages)` for long PDFs."""
    suffix = _check_suffix(path)
    if suffix in TEXT_SUFFIXES:
        from index.read_text import read_text

        document = read_text(extract_text(path, data))
    elif suffix == ".docx":
        from index.read_docx import read_docx

        if data.startswith(OLE_MAGIC):
            raise ReportLoadError(
                f"{path.name}: tệp Word có mật khẩu (hoặc là tệp .doc đổi đuôi); hãy gỡ mật khẩu, lưu lại "
                "dưới dạng .docx rồi nạp lại."
            )
        document = read_docx(path)
    elif suffix == ".doc":
        from index.convert import doc_to_docx
        from index.read_docx import read_docx

        with doc_to_docx(path, data) as converted:
            document = read_docx(converted)
    else:
        from index.read_pdf import read_pdf

        document = read_pdf(path, content_hash(data), ocr_cache, progress)
    _check_size(path, sum(len(line.text) for line in document.lines))
    _check_readable(path, document)
    return document


# A report is mostly words: under this share of letters among its visible characters, or with this
# share of undecodable characters, what was read is not text (a damaged file a converter read as bytes).
MIN_LETTER_SHARE = 0.4
MAX_REPLACEMENT_SHARE = 0.02


def _check_readable(path: Path, document: Document) -> None:
    text = "".join(line.text for line in document.lines)
    visible = [c for c in text if not c.isspace()]
    if len(visible) < 20:
        return
    letters = sum(1 for c in visible if c.isalpha())
    replaced = sum(1 for c in visible if c == "\ufffd")
    if letters < MIN_LETTER_SHARE * len(visible) or replaced > MAX_REPLACEMENT_SHARE * len(visible):
        raise ReportLoadError(
            f"{path.name}: nội dung đọc được không phải chữ (tệp hỏng hoặc sai định dạng); hãy mở tệp bằng "
            "Word hoặc trình xem PDF, lưu lại rồi nạp lại."
        )
