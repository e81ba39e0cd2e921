"""Every report of the new evaluation corpus parses into the tree its source was written with, with
the right period, plan period, number, date, signer and agency; golden files pin the whole tree.

The sources (eval/corpora/new/sources) are the truth: each heading there, at its level, must come out
as a section path, whatever the format made of it (Word styles or bold, a text PDF, a .doc, a scan).
"""

from __future__ import annotations

import difflib
import re
import shutil
import unicodedata
from pathlib import Path

import pytest

from eval.corpora import NEW
from eval.corpus_source import Heading as SourceHeading
from eval.corpus_source import read_source
from index.parse import load_report
from index.types import Report, SectionKind
from tests.golden_trees import section_tree

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "new"
SCAN = "bc-nam-2019-scan.pdf"
DOC = "bc-thang-02-2025.doc"
DEPUTY = "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"  # a deputy signing for the director
# Facts of the reports (their letterheads and signature blocks, WORLD.md): period, plan period,
# number, issued, signer, role, agency, the body above it, place.
METADATA = {
    "bc-6-thang-2024.docx": ("6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "1120/BC-STTTT", "2024-06-14",
                             "Nguyễn Thanh Phong", "GIÁM ĐỐC", "UBND TỈNH TRÀ VINH", "Trà Vinh"),
    "bc-9-thang-2022-vinh-long.md": ("9 tháng đầu năm 2022", "quý IV/2022", "1876/BC-STTTT", "2022-09-26",
                                     "Lê Thị Mỹ Hạnh", "GIÁM ĐỐC", "UBND TỈNH VĨNH LONG", "Vĩnh Long"),
    "bc-nam-2019-scan.pdf": ("năm 2019", "năm 2020", "2145/BC-STTTT", "2019-12-18",
                             "Trần Văn Hùng", None, "UBND TỈNH TRÀ VINH", "Trà Vinh"),
    "bc-nam-2024.docx": ("năm 2024", "năm 2025", "2480/BC-STTTT", "2024-12-10",
                         "Lâm Quốc Toàn", DEPUTY, "UBND TỈNH TRÀ VINH", "Trà Vinh"),
    "bc-quy-1-2022.txt": ("quý I/2022", "quý II/2022", "512/BC-STTTT", "2022-03-25",
                          "Trần Văn Hùng", "GIÁM ĐỐC", "UBND TỈNH TRÀ VINH", "Trà Vinh"),
    "bc-thang-01-2025.pdf": ("tháng 1/2025", "tháng 2/2025", "145/BC-STTTT", "2025-01-22",
                             "Nguyễn Thanh Phong", "GIÁM ĐỐC", "UBND TỈNH TRÀ VINH", "Trà Vinh"),
    "bc-thang-02-2025.doc": ("tháng 2/2025", "tháng 3/2025", "298/BC-STTTT", "2025-02-20",
                             "Lâm Quốc Toàn", DEPUTY, "UBND TỈNH TRÀ VINH", "Trà Vinh"),
}  # fmt: skip
# OCR reads a heading nearly, not always exactly ("III." once read as "II."): a scanned report's paths
# must be this similar to the source's, character by character.
MIN_OCR_SIMILARITY = 0.95


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().rstrip(":")


def source_paths(name: str) -> list[str]:
    source = read_source(NEW.sources_dir / f"{name}.txt")
    stack: list[tuple[int, str]] = []
    paths = []
    for block in (*source.body, *source.appendix):
        if isinstance(block, SourceHeading):
            while stack and stack[-1][0] >= block.level:
                stack.pop()
            stack.append((block.level, _norm(block.text)))
            paths.append(" > ".join(text for _, text in stack))
    return paths


def parsed_paths(report: Report) -> list[str]:
    paths: list[str] = []
    for section in report.sections:
        if not section.path or section.kind is SectionKind.other:
            continue  # the opening text, the signature and the recipients
        path = " > ".join(_norm(h) for h in section.path)
        # "PHỤ LỤC" takes its title line: the source writes the title as a paragraph.
        path = re.sub(r"^(PHỤ LỤC[^:]*):.*$", r"\1", path)
        if not paths or paths[-1] != path:
            paths.append(path)
    return paths


@pytest.fixture(scope="module")
def ocr_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ocr")


def _params():
    for name in sorted(METADATA):
        marks = []
        if name == SCAN:
            marks = [
                pytest.mark.slow,
                pytest.mark.skipif(shutil.which("tesseract") is None, reason="cần Tesseract"),
            ]
        elif name == DOC:
            marks = [pytest.mark.skipif(shutil.which("soffice") is None, reason="cần LibreOffice")]
        yield pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", list(_params()))
def test_report_parses_into_its_source_tree_with_its_metadata(name, ocr_cache, request):
    report = load_report(NEW.reports_dir / name, ocr_cache)
    expected, got = source_paths(name), parsed_paths(report)
    if name == SCAN:
        assert len(got) == len(expected), "\n".join(difflib.unified_diff(expected, got, lineterm=""))
        for want, have in zip(expected, got, strict=True):
            assert difflib.SequenceMatcher(None, want, have).ratio() >= MIN_OCR_SIMILARITY, (want, have)
    else:
        assert got == expected, "\n".join(difflib.unified_diff(expected, got, lineterm=""))
    period, plan, number, issued, signer, role, parent, place = METADATA[name]
    assert (report.period_label, report.plan_period.label() if report.plan_period else None) == (period, plan)
    assert (report.number, str(report.issued), report.signer) == (number, issued, signer)
    assert report.signer_role == role or (name == SCAN and report.signer_role is None)
    agency = "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"
    if name == SCAN:  # OCR may misread a tone mark of the letterhead ("TRUYỂN")
        assert difflib.SequenceMatcher(None, report.agency or "", agency).ratio() >= MIN_OCR_SIMILARITY
    else:
        assert report.agency == agency
    assert (report.parent_agency, report.place) == (parent, place)
    # The plan part is found under any numbering.
    plan_sections = [s for s in report.sections if s.kind is SectionKind.plan]
    assert plan_sections and all(report.plan_period for _ in plan_sections)

    golden = GOLDEN / f"{name}.sections.txt"
    tree = section_tree(report)
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(tree, encoding="utf-8")
    assert golden.exists(), f"thiếu {golden}: chạy pytest --update-golden"
    assert tree == golden.read_text(encoding="utf-8")
