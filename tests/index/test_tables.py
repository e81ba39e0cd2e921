"""Tables as facts: every data row one line naming its table, row and columns."""

from __future__ import annotations

import pytest

from index.tables import (
    RowLine,
    caption_before,
    column_headers,
    header_rows,
    is_total_label,
    make_table,
    named_rows,
    pipe_table,
    read_row_line,
    row_lines,
    tab_table,
)

BTS = [
    ["STT", "Doanh nghiệp", "Số trạm BTS", "Số trạm BTS", "Ghi chú"],  # a merged header cell, repeated
    ["STT", "Doanh nghiệp", "Tổng số", "Trong đó 4G", "Ghi chú"],
    ["1", "VNPT", "402", "396", ""],
    ["2", "Viettel", "568", "561", "03 trạm 5G thử nghiệm"],
    ["Tổng cộng", "Tổng cộng", "1.352", "1.328", ""],  # a label merged across the counter column
]


def test_merged_headers_give_each_column_its_full_name():
    table = make_table(BTS, "Bảng 1. Trạm BTS theo doanh nghiệp")
    assert header_rows(table) == 2
    assert column_headers(table) == [
        "STT",
        "Doanh nghiệp",
        "Số trạm BTS, Tổng số",
        "Số trạm BTS, Trong đó 4G",
        "Ghi chú",
    ]


def test_each_row_names_its_table_row_and_columns():
    lines = row_lines(make_table(BTS, "Bảng 1. Trạm BTS theo doanh nghiệp"), 1)
    assert lines[1] == (
        "Bảng 1. Trạm BTS theo doanh nghiệp — Viettel — Số trạm BTS, Tổng số: 568; "
        "Số trạm BTS, Trong đó 4G: 561; Ghi chú: 03 trạm 5G thử nghiệm"
    )
    assert (
        lines[2] == "Bảng 1. Trạm BTS theo doanh nghiệp — Tổng cộng — Số trạm BTS, Tổng số: 1.352; "
        "Số trạm BTS, Trong đó 4G: 1.328"
    )
    assert len(lines) == 3


def test_blank_merged_header_cells_take_the_span_text_and_a_table_without_caption_is_numbered():
    rows = [
        ["STT", "Loại thuê bao", "Số thuê bao", "", "Tỷ lệ (%)"],
        ["", "", "Năm 2018", "Năm 2019", ""],
        ["1", "Di động", "1.021.480", "1.052.300", "103,02"],
    ]
    (line,) = row_lines(make_table(rows), 3)
    assert line == (
        "Bảng 3 — Di động — Số thuê bao, Năm 2018: 1.021.480; Số thuê bao, Năm 2019: 1.052.300; "
        "Tỷ lệ (%): 103,02"
    )


def test_a_label_merged_down_is_repeated_and_ragged_or_empty_rows_are_fine():
    rows = [
        ["Huyện", "Chỉ tiêu", "Kết quả"],
        ["Càng Long", "Hồ sơ", "12.380"],
        [None, "Trực tuyến", "7.069"],  # merged down
        [],
        ["Cầu Kè", "Hồ sơ"],  # ragged
    ]
    lines = row_lines(make_table(rows, "Bảng 2"), 2)
    assert lines[0] == "Bảng 2 — Càng Long, Hồ sơ — Kết quả: 12.380"
    assert lines[1] == "Bảng 2 — Càng Long, Trực tuyến — Kết quả: 7.069"
    assert lines[2] == "Bảng 2 — Cầu Kè, Hồ sơ"
    assert row_lines(make_table([]), 1) == []


def test_a_dash_cell_holds_no_figure():
    rows = [["Doanh nghiệp", "Di động", "FTTH"], ["MobiFone", "257.160", "-"], ["FPT", "–", "17.650"]]
    assert row_lines(make_table(rows, "Bảng 1"), 1) == [
        "Bảng 1 — MobiFone — Di động: 257.160",
        "Bảng 1 — FPT — FTTH: 17.650",
    ]


def test_markdown_pipe_and_tab_separated_tables():
    assert pipe_table(["| A | B | C |", "|---|:---:|---|", "| 1 | 2 | 3 |"]) == [
        ["A", "B", "C"],
        ["1", "2", "3"],
    ]
    assert pipe_table(["| A | B | C |", "không phải bảng"]) is None
    assert tab_table(["STT\tTên\tSố", "1\tVNPT\t402"]) == [["STT", "Tên", "Số"], ["1", "VNPT", "402"]]
    assert tab_table(["một dòng\tcó tab", "dòng khác"]) is None


def test_caption_is_the_table_title_above_it_not_a_note_or_a_sentence():
    assert caption_before(["Trạm BTS như sau:", "Bảng 1. Trạm BTS"]) == "Bảng 1. Trạm BTS"
    assert caption_before(["Số hồ sơ tiếp nhận theo đơn vị", "(Kèm theo Báo cáo số 1120/BC-STTTT)"]) == (
        "Số hồ sơ tiếp nhận theo đơn vị"
    )
    assert caption_before(["Số liệu phát triển thuê bao năm 2019 như sau."]) == ""


def test_a_total_written_across_the_counter_column_is_the_row_label() -> None:
    table = make_table(
        [
            ["STT", "Đơn vị", "Số trạm"],
            ["1", "Đơn vị A", "10"],
            ["2", "Đơn vị B", "12"],
            ["Tổng cộng", "", "22"],
        ]
    )
    lines = row_lines(table, 1)
    assert lines[-1] == "Bảng 1 — Tổng cộng — Số trạm: 22"
    assert read_row_line(lines[-1]) == RowLine("Bảng 1", "Tổng cộng", "Số trạm: 22")
    assert read_row_line(lines[0]) == RowLine("Bảng 1", "Đơn vị A", "Số trạm: 10")


def test_read_row_line_tells_rows_from_prose() -> None:
    assert read_row_line("Toàn tỉnh có 1.286 trạm BTS.") is None
    assert read_row_line("Bảng 3 — Số trạm: 5; Số thuê bao: 7") == RowLine(
        "Bảng 3", "", "Số trạm: 5; Số thuê bao: 7"
    )


@pytest.mark.parametrize(
    ("label", "total"),
    [
        ("Tổng cộng", True),
        ("TỔNG SỐ", True),
        ("Cộng cấp huyện, cấp xã", True),
        ("Toàn tỉnh", True),
        ("Huyện Càng Long", False),
        ("Công an tỉnh", False),
        ("Tổng công ty Viễn thông MobiFone", False),
        ("Cộng đồng số", False),
    ],
)
def test_total_labels(label: str, total: bool) -> None:
    assert is_total_label(label) is total


OPERATORS = ["VNPT Hậu Giang (VinaPhone)", "Viettel Hậu Giang", "MobiFone Hậu Giang", "Tổng cộng"]
DISTRICTS = ["Thị xã Long Mỹ", "Huyện Long Mỹ", "Huyện Phụng Hiệp", "Thành phố Vị Thanh", "Cộng"]


@pytest.mark.parametrize(
    ("question", "labels", "named"),
    [
        ("viettel hau giang co bao nhieu tram", OPERATORS, ["Viettel Hậu Giang"]),
        ("vnpt co bao nhieu thue bao", OPERATORS, ["VNPT Hậu Giang (VinaPhone)"]),
        ("toan tinh hau giang co bao nhieu tram", OPERATORS, []),
        ("huyen phung hiep tiep nhan bao nhieu ho so", DISTRICTS, ["Huyện Phụng Hiệp"]),
        # The town, not the district of the same name ("Huyện Long Mỹ" has no word of its own).
        ("thi xa long my tiep nhan bao nhieu ho so", DISTRICTS, ["Thị xã Long Mỹ"]),
        ("huyen long my tiep nhan bao nhieu ho so", DISTRICTS, ["Huyện Long Mỹ"]),
        # A syllable of a name inside another word names nothing ("kế" of "thiết kế" is not "Kè").
        ("so camera lap theo thiet ke phung la bao nhieu", DISTRICTS, []),
        ("cap huyen tiep nhan bao nhieu ho so", DISTRICTS, []),
    ],
)
def test_named_rows(question: str, labels: list[str], named: list[str]) -> None:
    assert named_rows(question, labels) == named
