"""Section trees: golden files pin every bundled report; small cases pin each heading style."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.markup import Line
from index.parse import load_report, parse_report, report_lines
from index.sections import classify, split_sections
from index.types import SectionKind
from tests.conftest import BUNDLED, REPORTS
from tests.golden_trees import section_tree as golden_tree

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


def section_tree(file_name: str) -> str:
    return golden_tree(load_report(REPORTS / file_name))


@pytest.mark.parametrize("file_name", BUNDLED)
def test_section_tree_matches_golden(file_name, request):
    golden = GOLDEN / f"{file_name}.sections.txt"
    tree = section_tree(file_name)
    if request.config.getoption("--update-golden"):
        golden.write_text(tree, encoding="utf-8")
    assert golden.exists(), f"thiếu {golden}: chạy pytest --update-golden"
    assert tree == golden.read_text(encoding="utf-8")


@pytest.mark.parametrize("file_name", BUNDLED)
def test_section_offsets_point_into_report_text(file_name):
    report = load_report(REPORTS / file_name)
    for s in report.sections:
        assert report.text[s.start : s.end] == s.body


def test_heading_paths_of_report_000():
    report = load_report(REPORTS / "000_773a491ad26e4c27.txt")
    paths = {s.path_text for s in report.sections}
    assert "I. KẾT QUẢ CÔNG TÁC THÔNG TIN VÀ TRUYỀN THÔNG THÁNG 10 NĂM 2023 > 3. Lĩnh vực viễn thông" in paths
    plan = next(s for s in report.sections if s.heading.startswith("III. KẾ HOẠCH"))
    assert plan.kind is SectionKind.plan


def test_heading_styles():
    def style(text, emphasised=False, in_body=True):
        h = classify(Line(text, emphasised), in_body)
        return h.style if h else None

    assert style("I. KẾT QUẢ CÔNG TÁC") == "roman"
    assert style("3. Lĩnh vực viễn thông") == "arabic"
    assert style("6.1. Báo chí, xuất bản") == "decimal"
    assert style("7. 2.  Công tác tổ chức cán bộ") == "decimal"
    assert style("7.1  Hoạt động của Lãnh đạo Sở") == "decimal"
    assert style("a) Dữ liệu, nền tảng số") == "letter"
    assert style("Về dữ liệu số:", emphasised=True) == "bold"
    assert style("PHỤ LỤC") == "appendix"
    # Numbered sentences are list items, not headings; figures are not numbering.
    assert (
        style("5. Tiếp tục tổng hợp các nhiệm vụ, dự án chuyển đổi số năm 2024 của các cơ quan, đơn vị.")
        is None
    )
    assert style("1.286 trạm thu, phát sóng thông tin di động") is None


def test_restarted_numbering_nests_and_skipped_numbers_stay_siblings():
    lines = [
        Line(t)
        for t in [
            "I. KẾT QUẢ",
            "5. HUYỆN DUYÊN HẢI",
            "1. Khu vực xã Ngũ Lạc",
            "nội dung",
            "2. Khu vực xã Đôn Châu",
            "6. THỊ XÃ DUYÊN HẢI",
            "8. HUYỆN TRÀ CÚ",
            "10. HUYỆN CÀNG LONG",
        ]
    ]
    _, sections = split_sections(lines)
    paths = [s.path for s in sections]
    assert ("I. KẾT QUẢ", "5. HUYỆN DUYÊN HẢI", "2. Khu vực xã Đôn Châu") in paths
    assert ("I. KẾT QUẢ", "6. THỊ XÃ DUYÊN HẢI") in paths
    assert ("I. KẾT QUẢ", "10. HUYỆN CÀNG LONG") in paths


def test_plan_section_and_back_matter_kinds():
    raw = (
        "BÁO CÁO\nKết quả tháng 10 và kế hoạch tháng 11 năm 2023\nI. KẾT QUẢ\n1. Viễn thông\nCó 5 trạm.\n"
        "II. KẾ HOẠCH CÔNG TÁC THÁNG 11\n1. Tiếp tục triển khai.\n"
        "Nơi nhận:\n- Lưu: VT.\nGIÁM ĐỐC\nTrần Văn Khoa\n"
    )
    report = parse_report("x.txt", raw, "h")
    kinds = {s.heading: s.kind for s in report.sections}
    assert kinds["1. Viễn thông"] is SectionKind.result
    assert kinds["II. KẾ HOẠCH CÔNG TÁC THÁNG 11"] is SectionKind.plan
    assert kinds["Nơi nhận"] is SectionKind.other
    assert report.signer == "Trần Văn Khoa"
    assert report.period.label() == "tháng 10/2023" and report.plan_period.label() == "tháng 11/2023"


def test_bare_appendix_takes_its_title_line():
    lines = report_lines("I. A\nnội dung.\nPHỤ LỤC\nCác văn bản chỉ đạo năm 2017\n(Đính kèm)\n")
    assert any(line.text == "PHỤ LỤC: Các văn bản chỉ đạo năm 2017" for line in lines)
