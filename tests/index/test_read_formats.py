"""Each format read into lines in reading order: Word (styles, bold, tables in place, letterhead and
signature tables, footnotes), text PDF (fonts, running matter, ruled tables), .doc through LibreOffice,
scans through Tesseract; and each bad input refused with one clear line."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from index.errors import ReportLoadError
from index.loaders import read_document
from index.parse import load_report
from index.read_docx import read_docx

NEW_REPORTS = Path(__file__).resolve().parent.parent.parent / "eval" / "corpora" / "new" / "reports"
needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="cần LibreOffice (make test cài)"
)
needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None, reason="cần Tesseract (make test cài)"
)


def _docx(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _report_docx(document) -> None:
    from docx.shared import Pt

    letterhead = document.add_table(rows=1, cols=2)
    left, right = letterhead.rows[0].cells
    left.paragraphs[0].text = "UBND TỈNH BẾN TRE"
    left.add_paragraph().add_run("SỞ THÔNG TIN VÀ TRUYỀN THÔNG").bold = True
    left.add_paragraph("Số: 77/BC-STTTT")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph("Bến Tre, ngày 05 tháng 7 năm 2024")
    document.add_paragraph().add_run("BÁO CÁO").bold = True
    document.add_paragraph().add_run("Kết quả công tác tháng 6 và kế hoạch tháng 7 năm 2024").bold = True
    document.add_heading("I. KẾT QUẢ CÔNG TÁC THÁNG 6 NĂM 2024", level=1)
    document.add_heading("1. Viễn thông", level=2)
    document.add_paragraph("1. Ban hành Kế hoạch phát triển hạ tầng số.")  # a list item, not a heading
    document.add_paragraph("Bảng 1. Trạm BTS theo doanh nghiệp")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["Doanh nghiệp", "Trạm BTS", ""], ["", "Tổng", "5G"], ["Viettel", "610", "12"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    document.add_paragraph("- Sau bảng, đoạn văn tiếp tục.").runs[0].font.size = Pt(13)
    document.add_heading("II. KẾ HOẠCH THÁNG 7 NĂM 2024", level=1)
    document.add_paragraph("- Phấn đấu 20 trạm 5G.")
    signature = document.add_table(rows=1, cols=2)
    recipients, signer = signature.rows[0].cells
    recipients.paragraphs[0].add_run("Nơi nhận:").bold = True
    recipients.add_paragraph("- Lưu: VT.")
    signer.paragraphs[0].add_run("KT. GIÁM ĐỐC").bold = True
    signer.add_paragraph().add_run("PHÓ GIÁM ĐỐC").bold = True
    signer.add_paragraph().add_run("Phạm Thị Lan").bold = True


def test_word_body_in_document_order_with_tables_in_place(tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(_docx(_report_docx))
    lines = read_docx(path).lines
    texts = [line.text for line in lines]
    at = texts.index("Bảng 1. Trạm BTS theo doanh nghiệp")
    assert (
        texts[at + 1]
        == "Bảng 1. Trạm BTS theo doanh nghiệp — Viettel — Trạm BTS, Tổng: 610; Trạm BTS, 5G: 12"
    )
    assert lines[at + 1].table
    assert texts[at + 2] == "- Sau bảng, đoạn văn tiếp tục."  # the table stands where it is
    assert texts[:5] == [
        "UBND TỈNH BẾN TRE",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 77/BC-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Bến Tre, ngày 05 tháng 7 năm 2024",
    ]
    heading = lines[texts.index("1. Viễn thông")]
    assert heading.level == 2
    assert texts[-5:] == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Phạm Thị Lan", "Nơi nhận:", "- Lưu: VT."]


def test_word_report_metadata_tree_and_plan_part(tmp_path):
    path = tmp_path / "bao-cao.docx"
    path.write_bytes(_docx(_report_docx))
    report = load_report(path)
    assert (report.number, report.issued.isoformat(), report.place) == (
        "77/BC-STTTT",
        "2024-07-05",
        "Bến Tre",
    )
    assert (report.agency, report.parent_agency) == ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "UBND TỈNH BẾN TRE")
    assert (report.signer, report.signer_role) == ("Phạm Thị Lan", "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    assert report.period.label() == "tháng 6/2024" and report.plan_period.label() == "tháng 7/2024"
    paths = [s.path_text for s in report.sections if s.path]
    assert "I. KẾT QUẢ CÔNG TÁC THÁNG 6 NĂM 2024 > 1. Viễn thông" in paths
    assert not any("Ban hành Kế hoạch" in p for p in paths)
    plan = next(s for s in report.sections if s.heading.startswith("II."))
    assert plan.kind.value == "plan" and "Phấn đấu 20 trạm 5G" in plan.body


def _with_footnote(document) -> None:
    """A paragraph citing footnote 1, and the footnotes part Word writes for it."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    blob = (
        f'<w:footnotes xmlns:w="{w}"><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>Số liệu do Cục Viễn thông cung cấp.</w:t></w:r></w:p></w:footnote></w:footnotes>"
    ).encode()
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
    part = Part(PackURI("/word/footnotes.xml"), content_type, blob, document.part.package)
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    paragraph = document.add_paragraph("- Toàn tỉnh có 1.433 trạm BTS.")
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), "1")
    run = OxmlElement("w:r")
    run.append(reference)
    paragraph._p.append(run)


def test_word_footnotes_stay_with_their_paragraph(tmp_path):
    path = tmp_path / "chu-thich.docx"
    path.write_bytes(_docx(_with_footnote))
    texts = [line.text for line in read_docx(path).lines]
    assert texts == ["- Toàn tỉnh có 1.433 trạm BTS. (Số liệu do Cục Viễn thông cung cấp.)"]


def test_text_pdf_fonts_running_matter_and_tables():
    document = read_document(
        NEW_REPORTS / "bc-thang-01-2025.pdf", (NEW_REPORTS / "bc-thang-01-2025.pdf").read_bytes()
    )
    texts = [line.text for line in document.lines]
    assert not any(t == "Sở Thông tin và Truyền thông tỉnh Trà Vinh" for t in texts)  # running header
    assert not any(t.startswith("Báo cáo kết quả công tác tháng 01/2025") for t in texts)  # running footer
    assert not any(t.isdigit() for t in texts)  # page numbers
    bold = [line.text for line in document.lines if line.emphasised]
    assert "PHẦN III. NHIỆM VỤ, KẾ HOẠCH THÁNG 02/2025" in bold
    rows = [line.text for line in document.lines if line.table]
    assert any("Trạm thu, phát sóng thông tin di động (BTS)" in r and "1.425" in r for r in rows)
    assert len(document.pages) >= 5 and not any(p.ocr for p in document.pages)


@needs_libreoffice
def test_word_97_2003_through_libreoffice():
    report = load_report(NEW_REPORTS / "bc-thang-02-2025.doc")
    assert report.number == "298/BC-STTTT" and report.signer == "Lâm Quốc Toàn"
    assert report.period.label() == "tháng 2/2025" and report.plan_period.label() == "tháng 3/2025"
    assert any("—" in s.body for s in report.sections)  # its table, row by row


def test_doc_without_libreoffice_says_how_to_install_or_convert(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    path = NEW_REPORTS / "bc-thang-02-2025.doc"
    with pytest.raises(ReportLoadError, match=r"bc-thang-02-2025\.doc: .*libreoffice-writer-nogui.*\.docx"):
        read_document(path, path.read_bytes())


def test_password_protected_word_file_is_refused_with_the_fix(tmp_path):
    # An encrypted Office file is an OLE compound file, whatever its name says.
    path = tmp_path / "mat-khau.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2048)
    with pytest.raises(ReportLoadError, match=r"mat-khau\.docx: .*mật khẩu"):
        read_document(path, path.read_bytes())


@needs_libreoffice
def test_damaged_doc_is_refused_by_name(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x07" * 4096)
    with pytest.raises(ReportLoadError, match=r"hong\.doc: "):
        read_document(path, path.read_bytes())


def _scan_of(pdf: Path, pages: list[int], out: Path, noise: bool = False) -> Path:
    """A scanned copy of some pages of a text PDF at 200 dpi (an office scanner's text setting): page
    images only, no text layer."""
    import pdfplumber
    from PIL import Image

    images = []
    with pdfplumber.open(str(pdf)) as source:
        for n in pages:
            image = source.pages[n - 1].to_image(resolution=200).original.convert("RGB")
            if noise:
                image = Image.effect_noise(image.size, 120).convert("RGB")
            images.append(image)
    images[0].save(out, save_all=True, append_images=images[1:], resolution=200)
    return out


def test_scan_without_tesseract_names_the_package(tmp_path, monkeypatch):
    scan = _scan_of(NEW_REPORTS / "bc-thang-01-2025.pdf", [1], tmp_path / "scan.pdf")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ReportLoadError, match=r"scan\.pdf: .*tesseract-ocr-vie"):
        read_document(scan, scan.read_bytes())


@pytest.mark.slow
@needs_tesseract
def test_scan_is_read_page_by_page_with_confidence_and_resumes_after_an_interruption(tmp_path):
    scan = _scan_of(NEW_REPORTS / "bc-thang-01-2025.pdf", [1, 2], tmp_path / "scan.pdf")
    cache = tmp_path / "ocr"
    seen: list[tuple[int, int]] = []

    def stop_after_first(done: int, total: int) -> None:
        seen.append((done, total))
        if done == 1:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        read_document(scan, scan.read_bytes(), cache, stop_after_first)
    assert seen == [(1, 2)] and len(list(cache.rglob("*.json"))) == 1
    import index.ocr

    calls = []
    original = index.ocr.ocr_image
    index.read_pdf.ocr_image = lambda image, page: calls.append(page) or original(image, page)
    try:
        document = read_document(scan, scan.read_bytes(), cache)
    finally:
        index.read_pdf.ocr_image = original
    assert calls == [2]  # page 1 came from the cache
    assert all(p.ocr and p.confidence > 80 for p in document.pages)
    texts = [line.text for line in document.lines]
    assert "BÁO CÁO" in texts and any(t.startswith("Số: 145/BC-STTTT") for t in texts)


@pytest.mark.slow
@needs_tesseract
def test_ocr_of_a_page_that_holds_no_text_is_refused_with_the_reason(tmp_path):
    scan = _scan_of(NEW_REPORTS / "bc-thang-01-2025.pdf", [1], tmp_path / "nhieu.pdf", noise=True)
    with pytest.raises(ReportLoadError, match=r"nhieu\.pdf: (OCR không nhận ra chữ tiếng Việt|tệp rỗng)"):
        read_document(scan, scan.read_bytes())


def test_the_formats_this_machine_cannot_read_are_named_with_what_to_install(monkeypatch):
    from index.formats import unavailable_formats

    monkeypatch.setattr(shutil, "which", lambda name: None)
    missing = unavailable_formats()
    assert set(missing) == {".doc (Word 97-2003)", "PDF bản scan (không có lớp chữ)"}
    assert "libreoffice-writer-nogui" in missing[".doc (Word 97-2003)"]
    assert "tesseract-ocr-vie" in missing["PDF bản scan (không có lớp chữ)"]
