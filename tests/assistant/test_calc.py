from decimal import Decimal

from assistant.calc import Calculation, difference, format_vn, parse_expression, to_decimal, verified
from assistant.evidence import paired_figures
from assistant.guard import Cited, numbers_outside


def test_difference_keeps_operands_as_written_and_writes_the_result_the_vietnamese_way():
    assert difference("10.102", "7.729") == Calculation("10.102", "7.729", "2.373")
    assert difference("162", "263").result == "-101"
    assert difference("31.888,142", "30.000").result == "1.888,142"
    assert difference("25/63", "21/63") is None  # a ranking is no amount


def test_format_vn():
    assert format_vn(Decimal("2373")) == "2.373" and format_vn(Decimal("-1.5")) == "-1,5"
    assert format_vn(Decimal("1234567.25")) == "1.234.567,25" and format_vn(Decimal("0")) == "0"
    assert to_decimal("31888,142") == Decimal("31888.142") and to_decimal("26/1/2022") is None


def test_the_guard_allows_a_result_only_when_its_operands_are_quoted_and_it_is_right():
    quotes = [Cited(1, "nâng tổng số lên 10.102", "tháng 10/2023"), Cited(2, "là 7.729", "tháng 10/2021")]
    text = "Chênh lệch: tăng 2.373 (10.102 − 7.729 = 2.373) [1, 2]."
    assert numbers_outside(text, quotes) == ["2373"]
    assert numbers_outside(text, quotes, calculations=[difference("10.102", "7.729")]) == []
    wrong = Calculation("10.102", "7.729", "2.374")
    assert not verified(wrong, {"10102", "7729"})
    assert not verified(difference("10.102", "7.728"), {"10102", "7729"})
    assert parse_expression("10.102 − 7.729", "2.373") == difference("10.102", "7.729")


def test_paired_figures_are_of_the_same_thing():
    newer = "13 doanh nghiệp bưu chính với tổng số 162 điểm phục vụ"
    older = "14 doanh nghiệp bưu chính với tổng số 263 điểm phục vụ"
    assert paired_figures(newer, older, (), "Điểm phục vụ bưu chính") == ("162", "263")
    assert paired_figures(newer, older, (frozenset({"doanh"}),)) == ("13", "14")
    assert paired_figures("nâng tổng số hộp thư lên 10.102", "hộp thư là 7.729", ()) == ("10.102", "7.729")
    assert paired_figures("có 120 doanh nghiệp", "đạt 57,96%", ()) is None
