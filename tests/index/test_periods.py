import unicodedata
from datetime import date

import pytest

from index.periods import (
    asked_periods,
    comparison_bases,
    fact_years,
    parse_periods,
    period_words,
    strip_periods,
    title_periods,
)
from index.types import PeriodKind

# (question, the one period it names). Staff type with and without diacritics, so both are tested.
CASES = [
    # month
    ("bao nhiêu trạm BTS tháng 10/2023?", "tháng 10/2023"),
    ("bao nhieu tram BTS thang 10/2023?", "tháng 10/2023"),
    ("tháng 10 năm 2023", "tháng 10/2023"),
    ("thang 10 nam 2023", "tháng 10/2023"),
    ("THÁNG 10 NĂM 2023", "tháng 10/2023"),
    ("THANG 10 NAM 2023", "tháng 10/2023"),
    ("Thang 10/2023", "tháng 10/2023"),
    ("T10/2023", "tháng 10/2023"),
    ("t6/2023", "tháng 6/2023"),
    ("T10-2023", "tháng 10/2023"),
    ("T10.2023", "tháng 10/2023"),
    ("thg 10/2023", "tháng 10/2023"),
    ("thang10/2023", "tháng 10/2023"),
    ("số liệu 10/2023", "tháng 10/2023"),
    ("so lieu 10-2023", "tháng 10/2023"),
    ("tháng 06/2023", "tháng 6/2023"),
    ("tháng 6-2023", "tháng 6/2023"),
    ("tháng 10.2023", "tháng 10/2023"),
    ("thang 10.2023", "tháng 10/2023"),
    ("tháng 10 - 2023", "tháng 10/2023"),
    ("tháng 10, 2023", "tháng 10/2023"),
    ("(tháng 10/2023)", "tháng 10/2023"),
    ("số liệu tháng 10/2023, so với", "tháng 10/2023"),
    ("tăng trong tháng 10/2023.", "tháng 10/2023"),
    ("[T10/2023]", "tháng 10/2023"),
    ("tháng mười năm 2023", "tháng 10/2023"),
    ("thang muoi nam 2023", "tháng 10/2023"),
    ("THÁNG MƯỜI HAI NĂM 2023", "tháng 12/2023"),
    ("tháng tư năm 2023", "tháng 4/2023"),
    ("tháng năm năm 2023", "tháng 5/2023"),
    # quarter
    ("quý III/2023", "quý III/2023"),
    ("quy III/2023", "quý III/2023"),
    ("QUÝ III NĂM 2023", "quý III/2023"),
    ("quý 3/2023", "quý III/2023"),
    ("quy 3/2023", "quý III/2023"),
    ("quý 3 năm 2023", "quý III/2023"),
    ("quý I năm 2022", "quý I/2022"),
    ("quý IV năm 2021", "quý IV/2021"),
    ("quy IV nam 2021", "quý IV/2021"),
    ("Q3/2023", "quý III/2023"),
    ("q3-2023", "quý III/2023"),
    # half year, 9 months, last 3 months
    ("6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("6 thang dau nam 2023", "6 tháng đầu năm 2023"),
    ("06 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("6 tháng năm 2023", "6 tháng đầu năm 2023"),
    ("sáu tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("nửa đầu năm 2023", "6 tháng đầu năm 2023"),
    ("6 tháng cuối năm 2022", "6 tháng cuối năm 2022"),
    ("6 thang cuoi nam 2022", "6 tháng cuối năm 2022"),
    ("06 tháng cuối năm 2022", "6 tháng cuối năm 2022"),
    ("9 tháng đầu năm 2021", "9 tháng đầu năm 2021"),
    ("9 thang dau nam 2021", "9 tháng đầu năm 2021"),
    ("9 tháng năm 2021", "9 tháng đầu năm 2021"),
    ("chín tháng đầu năm 2021", "9 tháng đầu năm 2021"),
    ("3 tháng cuối năm 2021", "3 tháng cuối năm 2021"),
    ("3 thang cuoi nam 2021", "3 tháng cuối năm 2021"),
    ("ba tháng cuối năm 2021", "3 tháng cuối năm 2021"),
    # cumulative from January
    ("10 tháng đầu năm 2023", "10 tháng đầu năm 2023"),
    ("10 thang dau nam 2023", "10 tháng đầu năm 2023"),
    ("10 tháng năm 2023", "10 tháng đầu năm 2023"),
    ("mười tháng đầu năm 2023", "10 tháng đầu năm 2023"),
    ("11 tháng đầu năm 2021", "11 tháng đầu năm 2021"),
    ("5 tháng đầu năm 2023", "5 tháng đầu năm 2023"),
    ("3 tháng đầu năm 2023", "3 tháng đầu năm 2023"),
    # year
    ("năm 2017", "năm 2017"),
    ("nam 2017", "năm 2017"),
    ("NĂM 2017", "năm 2017"),
    ("cuối năm 2021", "năm 2021"),
    ("cuoi nam 2021", "năm 2021"),
    ("đầu năm 2023", "năm 2023"),
    ("dau nam 2023", "năm 2023"),
    ("cả năm 2023", "năm 2023"),
    ("12 tháng năm 2023", "năm 2023"),
    ("trong năm 2018 dự kiến", "năm 2018"),
    ("so với 2017?", "năm 2017"),
]


@pytest.mark.parametrize(("question", "label"), CASES)
def test_period_forms(question, label):
    assert [p.label() for p in parse_periods(question)] == [label]


def test_forms_are_distinct_and_many():
    assert len({q for q, _ in CASES}) == len(CASES) >= 45


NOT_PERIODS = [
    "ngày 22/9/2023",
    "ngay 22/9/2023",
    "thời điểm 22/09/2023",
    "22-9-2023",
    "22.9.2023",
    "ngày 22 tháng 9 năm 2023",
    "ngay 22 thang 9 nam 2023",
    "Trà Vinh, ngày 03 tháng 11 năm 2017",
    "Nghị quyết số 09-NQ/TU ngày 26/01/2022",
    "Quyết định 45/2016/QĐ-TTg",
    "Thông tư 10/2023/TT-BTTTT",
    "Quyết định số 2021/QĐ-UBND",
    "Kế hoạch số 52/KH-STTTT ngày 22/9/2023",
    "52/KH-STTTT",
    "QCVN 128:2021",
    "QCVN 128:2021/BTTTT",
    "128:2021/BTTTT",
    "giai đoạn 2021-2025",
    "giai doan 2021 – 2025",
    "xếp hạng 25/63 tỉnh",
    "tháng 13/2023",
    "trong 3 tháng qua",
    "chín tháng qua",
]


@pytest.mark.parametrize("text", NOT_PERIODS)
def test_dates_document_numbers_and_ranges_are_not_periods(text):
    assert parse_periods(text) == []


@pytest.mark.parametrize(
    ("question", "label"),
    [
        ("sau tháng đầu tiên của năm 2023", "năm 2023"),  # "sau" is "after", not "sáu"
        ("hàng tháng từ năm 2023", "năm 2023"),  # "từ" is not "tư"
        ("hang thang tu nam 2023", "năm 2023"),
        ("2 tháng cuối năm 2023", "năm 2023"),  # no kind for it: the year it names
    ],
)
def test_look_alikes_name_only_the_year(question, label):
    assert [p.label() for p in parse_periods(question)] == [label]


@pytest.mark.parametrize(
    ("question", "labels"),
    [
        ("tháng 10 và 11 năm 2023", ["tháng 10/2023", "tháng 11/2023"]),
        ("thang 10 va 11 nam 2023", ["tháng 10/2023", "tháng 11/2023"]),
        ("các tháng 10, 11/2023", ["tháng 10/2023", "tháng 11/2023"]),
        ("tháng 10/2023 và tháng 11/2023", ["tháng 10/2023", "tháng 11/2023"]),
        ("T10-T11/2023", ["tháng 10/2023", "tháng 11/2023"]),
        ("quý III và IV năm 2023", ["quý III/2023", "quý IV/2023"]),
        ("tháng 10, 5 trạm mới năm 2023", ["tháng 10/2023"]),  # a list needs its own year
        (
            "06 tháng đầu năm và kế hoạch 06 tháng cuối năm 2023",
            ["6 tháng đầu năm 2023", "6 tháng cuối năm 2023"],
        ),
    ],
)
def test_several_periods(question, labels):
    assert [p.label() for p in parse_periods(question)] == labels


@pytest.mark.parametrize(
    ("question", "start", "end", "kind"),
    [
        ("10 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 10, 31), PeriodKind.months_to_date),
        ("11 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 11, 30), PeriodKind.months_to_date),
        ("2 tháng đầu năm 2024", date(2024, 1, 1), date(2024, 2, 29), PeriodKind.months_to_date),
        ("6 tháng đầu năm 2023", date(2023, 1, 1), date(2023, 6, 30), PeriodKind.half_year),
        ("9 tháng đầu năm 2021", date(2021, 1, 1), date(2021, 9, 30), PeriodKind.nine_months),
    ],
)
def test_cumulative_period_bounds(question, start, end, kind):
    (p,) = parse_periods(question)
    assert (p.start, p.end, p.kind) == (start, end, kind)


def test_same_months_named_two_ways_have_the_same_bounds():
    (q4,) = parse_periods("quý IV/2021")
    (last3,) = parse_periods("3 tháng cuối năm 2021")
    assert (q4.start, q4.end) == (last3.start, last3.end) == (date(2021, 10, 1), date(2021, 12, 31))
    (q1,) = parse_periods("quý I/2023")
    (first3,) = parse_periods("3 tháng đầu năm 2023")
    assert (q1.start, q1.end) == (first3.start, first3.end)


def test_labels_parse_back_to_the_same_period():
    for question, _ in CASES:
        for p in parse_periods(question):
            assert parse_periods(p.label()) == [p]


def test_dates_and_document_numbers_are_not_periods():
    assert parse_periods("Nghị quyết số 09-NQ/TU ngày 26/01/2022") == []
    assert parse_periods("Quyết định 45/2016/QĐ-TTg") == []


def test_two_periods_in_order():
    labels = [p.label() for p in parse_periods("so sánh tháng 10/2023 với tháng 6/2023")]
    assert labels == ["tháng 10/2023", "tháng 6/2023"]


def test_month_period_bounds():
    (p,) = parse_periods("tháng 2/2024")
    assert (p.start, p.end, p.kind) == (date(2024, 2, 1), date(2024, 2, 29), PeriodKind.month)


def test_strip_and_keep_period_words():
    assert strip_periods("bao nhiêu trạm BTS tháng 10/2023?") == "bao nhiêu trạm BTS ?"
    assert period_words("còn tháng 6/2023 thì sao?") == "tháng 6/2023"
    assert strip_periods("so sánh tháng 10 và 11 năm 2023?") == "so sánh ?"
    assert period_words("so sánh tháng 10 và tháng 11 năm 2023?") == "tháng 10 và tháng 11 năm 2023"
    assert strip_periods("theo QCVN 128:2021 ngày 22/9/2023") == "theo QCVN 128:2021 ngày 22/9/2023"


def test_spans_hold_for_decomposed_text():
    question = unicodedata.normalize("NFD", "bao nhiêu trạm BTS tháng 10/2023?")
    assert strip_periods(question) == "bao nhiêu trạm BTS ?"
    assert period_words(question) == "tháng 10/2023"


@pytest.mark.parametrize(
    ("title", "result", "plan"),
    [
        (
            "Kết quả công tác thông tin và truyền thông tháng 10 và kế hoạch công tác tháng 11 năm 2023",
            "tháng 10/2023",
            "tháng 11/2023",
        ),
        (
            "kết quả công tác 9 tháng đầu năm và kế hoạch công tác 3 tháng cuối năm 2021",
            "9 tháng đầu năm 2021",
            "3 tháng cuối năm 2021",
        ),
        ("Tổng kết công tác năm 2017 và nhiệm vụ công tác năm 2018", "năm 2017", "năm 2018"),
        (
            "Báo cáo kết quả công tác đối ngoại 06 tháng đầu năm và kế hoạch 06 tháng cuối năm 2023",
            "6 tháng đầu năm 2023",
            "6 tháng cuối năm 2023",
        ),
        (
            "KẾT QUẢ CÔNG TÁC 10 THÁNG ĐẦU NĂM VÀ KẾ HOẠCH CÔNG TÁC THÁNG 11 NĂM 2023",
            "10 tháng đầu năm 2023",
            "tháng 11/2023",
        ),
        (
            "kết quả công tác tháng 10 năm 2021 và kế hoạch công tác tháng 11 năm 2021",
            "tháng 10/2021",
            "tháng 11/2021",
        ),
    ],
)
def test_title_periods(title, result, plan):
    got_result, got_plan = title_periods(title)
    assert got_result.label() == result and got_plan.label() == plan


def test_title_without_period():
    assert title_periods("Báo cáo chuyên đề") == (None, None)
    assert title_periods("Trà Vinh, ngày 03 tháng 11 năm 2017") == (None, None)


@pytest.mark.parametrize(
    ("text", "asked", "bases"),
    [
        ("Số trạm BTS quý II/2023 so với cùng kỳ năm 2022 tăng bao nhiêu?", ["quý II/2023"], ["năm 2022"]),
        ("thue bao thang 3/2024 cung ky 2023 la bao nhieu", ["tháng 3/2024"], ["năm 2023"]),
        # Without "cùng kỳ" both periods are asked: a comparison across two reports.
        ("Số trạm BTS tháng 6/2023 so với tháng 6/2022?", ["tháng 6/2023", "tháng 6/2022"], []),
        ("Tăng bao nhiêu so với cùng kỳ năm trước, tháng 5/2023?", ["tháng 5/2023"], []),
    ],
)
def test_asked_periods_leave_out_the_base_of_a_same_time_comparison(
    text: str, asked: list[str], bases: list[str]
) -> None:
    assert [p.label() for p in asked_periods(text)] == asked
    assert [p.label() for p in comparison_bases(text)] == bases


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Chỉ số PAR Index năm 2023 của Sở đạt 89,12 điểm", {2023}),
        ("có 1.587 trạm, tăng 61 trạm so với cuối năm 2021", set()),
        ("tăng 5% so với cùng kỳ năm 2022; năm 2022 đạt 4%", {2022}),
        ("Trong tháng cấp 21 giấy phép", set()),
    ],
)
def test_fact_years_leave_out_the_years_compared_with(text: str, years: set[int]) -> None:
    assert fact_years(text) == years


def test_the_year_end_a_figure_is_compared_with_is_no_asked_period() -> None:
    text = "Thuê bao FTTH quý III/2023 tăng bao nhiêu so với cuối năm 2022?"
    assert [p.label() for p in asked_periods(text)] == ["quý III/2023"]
