"""Page geometry to lines: running matter, wrapped paragraphs, two columns, tables without ruling."""

from __future__ import annotations

from index.layout import PageLayout, Piece, VisualLine, lines_of_pages, running_matter

SIZE = 12.0
HEIGHT = 842.0
LEFT, RIGHT = 85.0, 552.0


def vline(page: int, top: float, *pieces: tuple[str, float, float], bold: bool = False) -> VisualLine:
    return VisualLine(tuple(Piece(t, x0, x1, top, top + SIZE, SIZE, bold) for t, x0, x1 in pieces), page)


def body(page: int, top: float, text: str, x0: float = LEFT, x1: float = RIGHT, bold: bool = False):
    return vline(page, top, (text, x0, x1), bold=bold)


def page(number: int, *lines: VisualLine, tables=()) -> PageLayout:
    return PageLayout(number, HEIGHT, tuple(lines), tables)


def texts(pages) -> list[str]:
    return [line.text for line in lines_of_pages(pages)]


def test_wrapped_lines_join_and_a_line_starting_with_a_digit_or_capital_continues_its_paragraph():
    p = page(
        1,
        body(1, 100, "- Toàn tỉnh có 1.425 trạm thu, phát sóng thông tin di động (BTS), trong đó", x0=114),
        body(1, 118, "1.137.020 thuê bao di động; Viettel Trà Vinh 601 trạm, MobiFone Trà Vinh 346"),
        body(1, 136, "trạm.", x1=120),
        body(1, 154, "2. Lĩnh vực bưu chính", x1=250, bold=True),
        body(1, 172, "- Có 167 điểm phục vụ.", x0=114, x1=260),
    )
    assert texts([p]) == [
        "- Toàn tỉnh có 1.425 trạm thu, phát sóng thông tin di động (BTS), trong đó 1.137.020 thuê bao di "
        "động; Viettel Trà Vinh 601 trạm, MobiFone Trà Vinh 346 trạm.",
        "2. Lĩnh vực bưu chính",
        "- Có 167 điểm phục vụ.",
    ]
    assert lines_of_pages([p])[1].emphasised


def test_running_headers_footers_and_page_numbers_are_dropped_and_paragraphs_go_on_over_the_page():
    def numbered(n: int) -> PageLayout:
        return page(
            n,
            body(n, 30, "Sở Thông tin và Truyền thông tỉnh Trà Vinh", x0=356),
            body(n, 45, str(n), x0=316, x1=323),
            body(n, 400, "Nội dung trang của một đoạn văn dài chạy hết dòng đến lề phải của trang"),
            body(n, 800, f"Báo cáo kết quả công tác tháng 01/2025 - trang {n}", x0=228, x1=409),
        )

    pages = [numbered(1), numbered(2), numbered(3)]
    assert len(running_matter(pages)) == 9
    (line,) = texts(pages)
    assert line.count("Nội dung trang") == 3 and "Sở Thông tin" not in line


def test_two_columns_are_read_one_after_the_other_and_an_upper_case_name_wrapped_in_its_column_is_joined():
    p = page(
        1,
        vline(1, 50, ("UBND TỈNH TRÀ VINH", 119, 245), ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT", 300, 527)),
        vline(1, 66, ("SỞ THÔNG TIN VÀ TRUYỀN", 100, 260), ("NAM", 390, 430)),
        vline(1, 82, ("THÔNG", 160, 200), ("Độc lập - Tự do - Hạnh phúc", 330, 492)),
        vline(1, 98, ("Số: 145/BC-STTTT", 129, 230), ("Trà Vinh, ngày 22 tháng 01 năm 2025", 310, 515)),
        body(1, 130, "BÁO CÁO", x0=287, x1=351),
    )
    assert texts([p]) == [
        "UBND TỈNH TRÀ VINH",
        "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "Số: 145/BC-STTTT",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Trà Vinh, ngày 22 tháng 01 năm 2025",
        "BÁO CÁO",
    ]


def test_the_signature_column_comes_before_the_recipients():
    p = page(
        1,
        vline(1, 500, ("Nơi nhận:", 85, 140), ("GIÁM ĐỐC", 400, 470)),
        vline(1, 516, ("- Như trên;", 85, 150)),
        vline(1, 532, ("- Lưu: VT.", 85, 150), ("Nguyễn Thanh Phong", 380, 490)),
    )
    assert texts([p]) == ["GIÁM ĐỐC", "Nguyễn Thanh Phong", "Nơi nhận:", "- Như trên;", "- Lưu: VT."]


def test_a_table_without_ruling_is_read_into_rows_with_wrapped_cells():
    p = page(
        1,
        body(1, 80, "Bảng 1. Số thuê bao", x0=200, x1=400),
        vline(
            1,
            100,
            ("STT", 90, 110),
            ("Loại thuê bao", 140, 220),
            ("Năm 2018", 300, 350),
            ("Năm 2019", 420, 470),
        ),
        vline(
            1, 118, ("1", 95, 100), ("Điện thoại cố", 140, 215), ("24.310", 300, 340), ("22.150", 420, 460)
        ),
        vline(1, 132, ("định", 140, 165)),
        vline(
            1, 150, ("2", 95, 100), ("Di động", 140, 190), ("1.021.480", 300, 360), ("1.052.300", 420, 480)
        ),
        body(1, 190, "Ghi chú: số ước tính đến hết năm, tổng hợp từ báo cáo của các doanh nghiệp viễn thông"),
    )
    assert texts([p]) == [
        "Bảng 1. Số thuê bao",
        "Bảng 1. Số thuê bao — Điện thoại cố định — Năm 2018: 24.310; Năm 2019: 22.150",
        "Bảng 1. Số thuê bao — Di động — Năm 2018: 1.021.480; Năm 2019: 1.052.300",
        "Ghi chú: số ước tính đến hết năm, tổng hợp từ báo cáo của các doanh nghiệp viễn thông",
    ]


def test_a_ruled_table_cut_by_a_page_break_is_one_table():
    first = page(
        1,
        body(1, 600, "Bảng 2. Chỉ tiêu", x0=250, x1=350),
        tables=(
            (620.0, (("STT", "Chỉ tiêu", "Kết quả"), ("1", "Trạm BTS", "1.425"), ("2", "Thuê", "1.137.020"))),
        ),
    )
    second = page(2, tables=((80.0, ((None, "bao di động", None), ("3", "FTTH", "152.105"))),))
    assert texts([first, second])[1:] == [
        "Bảng 2. Chỉ tiêu — Trạm BTS — Kết quả: 1.425",
        "Bảng 2. Chỉ tiêu — Thuê bao di động — Kết quả: 1.137.020",
        "Bảng 2. Chỉ tiêu — FTTH — Kết quả: 152.105",
    ]
