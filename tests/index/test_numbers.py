"""Vietnamese number spellings: thousands ".", decimal ",", rankings, dates, codes."""

from __future__ import annotations

import unicodedata

import pytest

from index.numbers import (
    find_numbers,
    is_bare_number,
    is_date,
    normalise_number,
    number_spans,
    same_number,
)


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("1.286", "1286"),
        ("1286", "1286"),
        ("15.629.000.000", "15629000000"),
        ("31.888,142", "31888,142"),
        ("186,75", "186,75"),
        ("57,96%", "57,96"),
        ("95 %", "95"),
        ("01", "1"),
        ("0,5", "0,5"),
        ("33,60", "33,6"),
        ("1,0", "1"),
        ("1.5", "1,5"),  # one dot, not 3 digits after: a decimal point
        ("1.2865", "1,2865"),
        ("1,572", "1,572"),  # one comma is always the decimal mark
        ("1,234,567", "1234567"),
        ("1,234.5", "1234,5"),
        ("25/63", "25/63"),
        ("05/13", "5/13"),
        ("26/01/2022", "26/1/2022"),
        ("10/2023", "10/2023"),
        ("15 triệu đồng", "15"),
        ("7.2.1", "7.2.1"),
    ],
)
def test_normalise_number(written, normalised):
    assert normalise_number(written) == normalised


def test_normalise_number_without_a_number_raises():
    with pytest.raises(ValueError):
        normalise_number("không có số")


def test_find_numbers_in_a_sentence():
    text = "Toàn tỉnh có 1.286 trạm BTS, tăng 01 bậc; xếp hạng 25/63, tỷ lệ 57,96%."
    assert find_numbers(text) == ["1286", "1", "25/63", "57,96"]


def test_sentence_punctuation_is_not_part_of_a_number():
    assert find_numbers("có 1.286, trong đó 1.286. Còn 12,5; và 3") == ["1286", "1286", "12,5", "3"]


def test_codes_glued_to_letters_are_not_numbers():
    assert find_numbers("IPv6, VTV9, KT1") == []
    assert find_numbers("cáp 40,8km") == ["40,8"]


def test_comma_lists_are_separate_numbers():
    assert find_numbers("mục 3,4,5") == ["3", "4", "5"]


def test_document_numbers_keep_number_and_year():
    assert find_numbers("Quyết định số 21/2017/QĐ-UBND và Nghị quyết 09-NQ/TU") == ["21/2017", "9"]


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("ngày 06 tháng 10 năm 2021", ["6/10/2021"]),
        ("Tháng 10 năm 2023", ["10/2023"]),
        ("III. KẾ HOẠCH CÔNG TÁC THÁNG 11 NĂM 2023", ["11/2023"]),
        ("thang 10 nam 2023", ["10/2023"]),
        ("9 tháng đầu năm 2021", ["9", "2021"]),
    ],
)
def test_dates_in_words_become_slash_dates(text, numbers):
    assert find_numbers(text) == numbers


def test_written_and_slash_dates_agree():
    assert same_number("06 tháng 10 năm 2021", "06/10/2021")


def test_decomposed_text_is_read_like_composed():
    decomposed = unicodedata.normalize("NFD", "tháng 10 năm 2023")
    assert find_numbers(decomposed) == ["10/2023"]


def test_number_spans_point_at_the_number():
    text = "có 1.286 trạm"
    [span] = number_spans(text)
    assert (text[span.start : span.end], span.value) == ("1.286", "1286")


def test_same_number():
    assert same_number("1.286", "1286")
    assert same_number("95 %", "95%")
    assert same_number("08", "8")
    assert not same_number("1.286", "1,286")  # 1286 vs 1,286
    assert not same_number("25/63", "25")
    assert not same_number("không", "1")


def test_is_bare_number():
    assert is_bare_number("1.286")
    assert is_bare_number(" 95 % ")
    assert not is_bare_number("15 triệu")
    assert not is_bare_number("Nguyễn Văn Chuẩn")
    assert not is_bare_number("1 2")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("26/1/2022", True),
        ("10/2023", True),
        ("25/63", False),
        ("26/6", False),
        ("13/2023", False),
        ("32/1/2022", False),
        ("1286", False),
        ("21/2017", False),
    ],
)
def test_is_date(value, expected):
    assert is_date(value) is expected
