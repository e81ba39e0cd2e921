"""Loaders for each format, and one clear error per bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.errors import ReportLoadError
from index.parse import load_report


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with Helvetica text lines (ASCII), xref table computed."""
    ops = ["BT /F1 12 Tf 72 720 Td"]
    for line in lines:
        ops.append(f"({line}) Tj 0 -18 Td")
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_txt_utf8(tmp_path: Path):
    path = tmp_path / "r.txt"
    path.write_text(
        "BÁO CÁO\nKết quả tháng 10 năm 2023\nI. KẾT QUẢ\n1. Viễn thông\nCó 1.286 trạm.\n", encoding="utf-8"
    )
    report = load_report(path)
    assert report.period.label() == "tháng 10/2023"
    assert report.sections[-1].path == ("I. KẾT QUẢ", "1. Viễn thông")


def test_utf16_text_is_read(tmp_path: Path):
    path = tmp_path / "r16.txt"
    path.write_bytes("BÁO CÁO\nKết quả năm 2017\nI. KẾT QUẢ\nCó 970 trạm.\n".encode("utf-16"))
    assert load_report(path).period.label() == "năm 2017"


def test_docx(tmp_path: Path):
    import docx

    document = docx.Document()
    for text in [
        "BÁO CÁO",
        "Kết quả công tác tháng 6 năm 2023",
        "I. KẾT QUẢ",
        "2. Lĩnh vực bưu chính",
        "Có 162 điểm phục vụ bưu chính.",
    ]:
        document.add_paragraph(text)
    path = tmp_path / "r.docx"
    document.save(str(path))
    report = load_report(path)
    assert report.period.label() == "tháng 6/2023"
    assert report.sections[-1].heading == "2. Lĩnh vực bưu chính"
    assert "162 điểm phục vụ" in report.sections[-1].body


def test_pdf(tmp_path: Path):
    path = tmp_path / "r.pdf"
    path.write_bytes(
        minimal_pdf(["BAO CAO", "Ket qua cong tac thang 10 nam 2023", "I. KET QUA", "Co 1.286 tram BTS."])
    )
    report = load_report(path)
    assert "1.286 tram BTS" in report.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "rỗng"),
        ("blank.txt", b"  \n\t\n", "rỗng"),
        ("binary.txt", b"\x00\x01\x02PK\x00" * 100, "nhị phân"),
        ("broken.docx", b"not a zip", ".docx hỏng"),
        ("broken.pdf", b"%PDF-1.4 garbage", "PDF hỏng"),
        ("sheet.xlsx", b"PK", "không được hỗ trợ"),
    ],
)
def test_bad_files_name_the_file_and_reason(tmp_path: Path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReportLoadError) as exc:
        load_report(path)
    assert name in str(exc.value) and reason in str(exc.value)


def test_password_protected_pdf(tmp_path: Path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("mat-khau")
    path = tmp_path / "locked.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(ReportLoadError, match="mật khẩu"):
        load_report(path)
