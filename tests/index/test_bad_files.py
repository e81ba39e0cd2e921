"""Bad report files: each is indexed correctly or refused with one line naming it and the reason; the
rest of the batch is indexed and what was indexed before is unchanged. Files are made here (the large
ones would not belong in the repository)."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from index.manifest import IndexPaths, load_manifest
from tests.conftest import BUNDLED, REPORTS, make_ingestor

REPORT = """BÁO CÁO
Kết quả công tác thông tin và truyền thông tháng 12 năm 2023
I. KẾT QUẢ CÔNG TÁC THÁNG 12 NĂM 2023
1. Lĩnh vực viễn thông
- Toàn tỉnh có 1.301 trạm thu, phát sóng thông tin di động (BTS).
2. Lĩnh vực bưu chính
- Toàn tỉnh có 165 điểm phục vụ bưu chính.
"""


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    for line in REPORT.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _cp1258(text: str) -> bytes:
    """Vietnamese as old Windows saves it: letters with their shape (ê, ơ), tones as combining marks."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        out.append(base + "".join(c for c in parts if c in tones))
    return "".join(out).encode("cp1258")


# name -> (content, None if it must be indexed, else words the refusal must hold)
def bad_files() -> dict[str, tuple[bytes, str | None]]:
    docx_bytes = _docx_bytes()
    return {
        "rong.txt": (b"", "rỗng"),
        "khoang-trang.txt": (b"  \n\t \n ", "rỗng"),
        "anh-doi-ten.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "nhị phân"),
        "nhi-phan-khong-nul.txt": (bytes(range(1, 32)) * 200, "nhị phân"),
        "cat-ngang.docx": (docx_bytes[: len(docx_bytes) // 2], ".docx hỏng"),
        "hong.pdf": (b"%PDF-1.4\n%garbage that is not a pdf\n", "PDF hỏng"),
        "mat-khau.pdf": (_encrypted_pdf(), "mật khẩu"),
        "khong-ho-tro.odt": (b"PK\x03\x04", "không được hỗ trợ"),
        "qua-lon.txt": (("Toàn tỉnh có 1.301 trạm BTS. " * 700_000).encode(), "quá dài"),
        "chi-tieu-de.txt": ("I. KẾT QUẢ\n1. Viễn thông\n2. Bưu chính\n".encode(), "không có đoạn văn"),
        "utf16.txt": (REPORT.replace("tháng 12", "tháng 11").encode("utf-16"), None),
        "windows-1258.txt": (_cp1258(REPORT.replace("tháng 12", "tháng 9")), None),
        "nfd.txt": (unicodedata.normalize("NFD", REPORT.replace("tháng 12", "tháng 8")).encode(), None),
        "mot-dong-1MB.txt": (("Toàn tỉnh có 1.301 trạm BTS; " * 36_000).encode(), None),
        "khong-tieu-de.txt": (
            "Trong tháng, Sở cấp 21 giấy phép xuất bản. Toàn tỉnh có 90 điểm.".encode(),
            None,
        ),
        "tên có dấu cách và chữ Việt.docx": (docx_bytes, None),
    }


@pytest.fixture
def index_with_reports(tmp_path):
    data_dir = tmp_path / "index"
    embedder = HashingEmbedder()
    assert make_ingestor(data_dir, embedder).run([REPORTS]).ok
    return data_dir, embedder


def test_each_bad_file_is_indexed_or_refused_by_name_and_the_rest_go_on(index_with_reports, tmp_path):
    data_dir, embedder = index_with_reports
    before = load_manifest(IndexPaths(data_dir).manifest).reports
    folder = tmp_path / "bad"
    folder.mkdir()
    files = bad_files()
    for name, (content, _) in files.items():
        (folder / name).write_bytes(content)
    good = folder / "bao-cao-thang-12-2023.txt"
    good.write_text(REPORT, encoding="utf-8")

    result = make_ingestor(data_dir, embedder).run([folder])

    refused = {Path(f.file).name: f.reason for f in result.failed}
    for name, (_, expected) in files.items():
        if expected is None:
            assert name in result.added, (name, refused.get(name))
        else:
            assert name in refused and expected in refused[name], (name, refused.get(name))
            assert "\n" not in refused[name] and len(refused[name]) < 300  # one clear line
    assert good.name in result.added
    after = load_manifest(IndexPaths(data_dir).manifest).reports
    assert {k: after[k] for k in BUNDLED} == before  # what was indexed is unchanged

    assistant = Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    for period in ("tháng 12/2023", "tháng 11/2023", "tháng 9/2023", "tháng 8/2023"):
        answer = assistant.ask(f"bao nhiêu trạm BTS {period}?")
        assert "1.301" in answer.text and period in answer.text, (period, answer.text[:200])
