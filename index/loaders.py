"""Read report files into text. One reader per format; errors name the file and the reason."""

from __future__ import annotations

import hashlib
from pathlib import Path

from index.errors import ReportLoadError

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")


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


def _read_docx(path: Path) -> str:
    import docx  # lazy: python-docx is only needed for .docx files

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several unrelated types for a bad file
        raise ReportLoadError(f"{path.name}: tệp .docx hỏng hoặc không đọc được ({exc}).") from exc
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(parts)


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader  # lazy
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise ReportLoadError(f"{path.name}: PDF có mật khẩu; hãy gỡ mật khẩu rồi nạp lại.")
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except ReportLoadError:
        raise
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise ReportLoadError(f"{path.name}: tệp PDF hỏng hoặc không đọc được ({exc}).") from exc


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReportLoadError(f"{path.name}: không mở được tệp ({exc.strerror}).") from exc


def extract_text(path: Path, data: bytes) -> str:
    """The raw text of a report file, by its suffix."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ReportLoadError(
            f"{path.name}: định dạng {suffix or '(không có đuôi)'} không được hỗ trợ; "
            f"dùng {', '.join(SUPPORTED_SUFFIXES)}."
        )
    if suffix in (".txt", ".md"):
        text = _decode_text(data, path)
    elif suffix == ".docx":
        text = _read_docx(path)
    else:
        text = _read_pdf(path)
    if not text.strip():
        raise ReportLoadError(f"{path.name}: tệp rỗng, không có nội dung để lập chỉ mục.")
    if len(text) > MAX_TEXT_CHARS:
        size, most = (f"{n:,}".replace(",", ".") for n in (len(text), MAX_TEXT_CHARS))
        raise ReportLoadError(
            f"{path.name}: quá dài ({size} ký tự, tối đa {most}); hãy tách thành các báo cáo theo kỳ."
        )
    return text
