"""The heading grammar: each numbering style of the genre, marked files, and what is never a heading."""

from __future__ import annotations

import pytest

from index.headings import classify, is_result_or_plan_title, marks_headings
from index.markup import Line
from index.sections import split_sections
from index.types import SectionKind


def style(text: str, emphasised: bool = False, level: int | None = None, marked_file: bool = False):
    heading = classify(Line(text, emphasised, level), in_body=True, marked_file=marked_file)
    return heading.style if heading else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2024", "part"),
        ("B. PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2024", "part"),
        ("PHẦN I. KẾT QUẢ CÔNG TÁC THÁNG 01/2025", "part"),
        ("Phần thứ hai: NHIỆM VỤ NĂM 2025", "part"),
        ("Chương I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ QUÝ I NĂM 2022", "part"),
        ("I. KẾT QUẢ CÔNG TÁC", "roman"),
        ("II KHÓ KHĂN, VƯỚNG MẮC", "roman"),  # Roman without its dot
        ("I.KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2019", "roman"),  # as OCR reads it
        ("3. Lĩnh vực viễn thông", "arabic"),
        ("1.1. Hạ tầng số", "decimal"),
        ("2.3.1. Trung tâm IOC", "decimal3"),
        ("a) Dữ liệu, nền tảng số", "letter"),
        ("b. Xuất bản", "letter"),
        ("- Về phát triển hạ tầng 5G:", "leadin"),
        ("PHỤ LỤC", "appendix"),
        ("Nơi nhận:", "back"),
        ("KT. GIÁM ĐỐC", "back"),
        ("GIÁM ĐỐC", "back"),
    ],
)
def test_each_numbering_style_of_the_genre(text, expected):
    assert style(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "5. Tiếp tục tổng hợp các nhiệm vụ, dự án chuyển đổi số năm 2024 của các cơ quan, đơn vị.",
        "1.286 trạm thu, phát sóng thông tin di động",
        # A lead-in with its text after the colon.
        "- Về phát triển thuê bao: Tính đến ngày 30/11/2024, toàn tỉnh có 1.135.870 thuê bao.",
        "A. Nguyễn Văn B. đã ký văn bản.",
        "- Ban hành 14 văn bản chỉ đạo, điều hành",
    ],
)
def test_sentences_and_figures_are_not_headings(text):
    assert style(text) is None


def test_in_a_file_that_marks_its_headings_an_unmarked_numbered_line_is_a_list_item():
    assert style("1. Ban hành Kế hoạch chuyển đổi số năm 2025", marked_file=True) is None
    assert style("1. Lĩnh vực bưu chính", emphasised=True, marked_file=True) == "arabic"
    assert style("Khó khăn, vướng mắc", level=2, marked_file=True) == "bold"
    # The appendix and the back matter need no mark.
    assert style("PHỤ LỤC", marked_file=True) == "appendix"
    lines = [Line(t, True) for t in ("I. KẾT QUẢ", "1. Bưu chính", "2. Viễn thông")] + [Line("1. Ban hành")]
    assert marks_headings(lines)
    assert not marks_headings([Line("I. KẾT QUẢ"), Line("1. Bưu chính"), Line("Về dữ liệu:", True)])


def test_parts_enclose_roman_sections_and_the_plan_part_is_found_by_what_it_announces():
    lines = [
        Line(t)
        for t in (
            "A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024",
            "I. LĨNH VỰC BƯU CHÍNH, VIỄN THÔNG",
            "1. Viễn thông",
            "- Có 1.418 trạm BTS.",
            "B. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025",
            "1. Chỉ tiêu",
            "- Phấn đấu 100 trạm 5G.",
            "GIÁM ĐỐC",
            "Lâm Quốc Toàn",
        )
    ]
    _, sections = split_sections(lines)
    by_heading = {s.heading: s for s in sections}
    assert by_heading["1. Viễn thông"].path == (
        "A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ NĂM 2024",
        "I. LĨNH VỰC BƯU CHÍNH, VIỄN THÔNG",
        "1. Viễn thông",
    )
    assert by_heading["1. Viễn thông"].kind is SectionKind.result
    assert by_heading["1. Chỉ tiêu"].path == ("B. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2025", "1. Chỉ tiêu")
    assert by_heading["1. Chỉ tiêu"].kind is SectionKind.plan
    assert by_heading["GIÁM ĐỐC"].kind is SectionKind.other  # the signature is back matter


def test_a_lead_in_holds_its_plus_items_and_ends_at_the_next_dash_item():
    lines = [
        Line(t)
        for t in (
            "I. KẾT QUẢ",
            "1. Tham mưu",
            "- Về nông thôn mới:",
            "+ Ban hành hướng dẫn.",
            "- Ban hành 11 văn bản.",
        )
    ]
    _, sections = split_sections(lines)
    assert [(s.path[-1], s.body) for s in sections[1:]] == [
        ("1. Tham mưu", ""),
        ("Về nông thôn mới", "+ Ban hành hướng dẫn."),
        ("1. Tham mưu", "- Ban hành 11 văn bản."),
    ]


def test_a_bold_line_above_a_table_is_its_caption_not_a_heading():
    lines = [
        Line("I. KẾT QUẢ"),
        Line("Trạm 5G theo doanh nghiệp", True),
        Line("Bảng 1 — Viettel — 5G: 30", table=True),
    ]
    _, sections = split_sections(lines)
    assert [s.heading for s in sections] == ["I. KẾT QUẢ"]


def test_a_heading_style_level_ranks_unnumbered_headings_like_numbered_ones_of_that_level():
    lines = [
        Line("I. KẾT QUẢ", True, 1),
        Line("1. Viễn thông", True, 2),
        Line("- nội dung"),
        Line("Khó khăn, vướng mắc", True, 2),  # Heading 2, no number: a sibling of "1."
        Line("- nội dung"),
    ]
    _, sections = split_sections(lines)
    assert sections[-1].path == ("I. KẾT QUẢ", "Khó khăn, vướng mắc")


def test_result_or_plan_title():
    assert is_result_or_plan_title("PHẦN III. NHIỆM VỤ, KẾ HOẠCH THÁNG 02/2025") == "plan"
    assert is_result_or_plan_title("A. KẾT QUẢ THỰC HIỆN NHIỆM VỤ") == "result"
    assert is_result_or_plan_title("II. KHÓ KHĂN, VƯỚNG MẮC") is None
