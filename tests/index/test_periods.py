from datetime import date

import pytest

from index.periods import parse_periods, period_words, strip_periods, title_periods
from index.types import PeriodKind

CASES = [
    ("bao nhiêu trạm BTS tháng 10/2023?", "tháng 10/2023"),
    ("bao nhieu tram BTS thang 10/2023?", "tháng 10/2023"),
    ("tháng 10 năm 2023", "tháng 10/2023"),
    ("thang 10 nam 2023", "tháng 10/2023"),
    ("T10/2023", "tháng 10/2023"),
    ("t6/2023", "tháng 6/2023"),
    ("số liệu 10/2023", "tháng 10/2023"),
    ("tháng 06/2023", "tháng 6/2023"),
    ("tháng 6-2023", "tháng 6/2023"),
    ("quý III/2023", "quý III/2023"),
    ("quy III/2023", "quý III/2023"),
    ("quý 3 năm 2023", "quý III/2023"),
    ("quý I năm 2022", "quý I/2022"),
    ("6 tháng đầu năm 2023", "6 tháng đầu năm 2023"),
    ("6 thang dau nam 2023", "6 tháng đầu năm 2023"),
    ("6 tháng cuối năm 2022", "6 tháng cuối năm 2022"),
    ("9 tháng đầu năm 2021", "9 tháng đầu năm 2021"),
    ("9 thang dau nam 2021", "9 tháng đầu năm 2021"),
    ("3 tháng cuối năm 2021", "3 tháng cuối năm 2021"),
    ("năm 2017", "năm 2017"),
    ("nam 2017", "năm 2017"),
    ("cuối năm 2021", "năm 2021"),
    ("cuoi nam 2021", "năm 2021"),
    ("trong năm 2018 dự kiến", "năm 2018"),
    ("so với 2017?", "năm 2017"),
]


@pytest.mark.parametrize(("question", "label"), CASES)
def test_period_forms(question, label):
    assert [p.label() for p in parse_periods(question)] == [label]


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
