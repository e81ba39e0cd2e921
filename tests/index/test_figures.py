from datetime import date

from index.figures import Figure, clause_spans, extract_figures, quantities
from index.types import Chunk, Period, PeriodKind, SectionKind

TEXT = (
    "- Toàn tỉnh có 90.923 cột treo cáp; 1.286 trạm thu, phát sóng thông tin di động (BTS); "
    "mạng cáp quang đến 100% xã (16 cơ quan Đảng; 134 cơ quan).\n"
    "- Kế hoạch số 94/KH-UBND ngày 02/10/2023 về 5G năm 2023."
)


def _chunk(text: str, section: str = "3. Viễn thông", start: int = 0, about: Period | None = None) -> Chunk:
    period = "tháng 10/2023"
    return Chunk(
        "c", text, "r.txt", "Báo cáo", period, section, SectionKind.result, start, start + len(text), about
    )


def test_clauses_break_at_semicolons_and_lines_but_not_inside_parentheses():
    assert [TEXT[a:b] for a, b in clause_spans(TEXT)] == [
        "Toàn tỉnh có 90.923 cột treo cáp",
        "1.286 trạm thu, phát sóng thông tin di động (BTS)",
        "mạng cáp quang đến 100% xã (16 cơ quan Đảng; 134 cơ quan).",
        "Kế hoạch số 94/KH-UBND ngày 02/10/2023 về 5G năm 2023.",
    ]


def test_quantities_leave_out_years_dates_and_codes():
    assert [(q.value, q.written, q.words[:1]) for q in quantities(TEXT)] == [
        ("90923", "90.923", ("cot",)),
        ("1286", "1.286", ("tram",)),
        ("100", "100", ("%",)),
        ("16", "16", ("co",)),
        ("134", "134", ("co",)),
    ]


def test_figures_carry_period_section_quote_and_offsets():
    month = Period(date(2023, 10, 1), date(2023, 10, 31), PeriodKind.month)
    figures = extract_figures([_chunk(TEXT, "3. Lĩnh vực viễn thông", start=50, about=month)])
    bts = next(f for f in figures if f.value == "1286")
    assert bts.written == "1.286" and bts.after.startswith(" trạm thu, phát sóng") and bts.unit == "tram"
    assert bts.period == "tháng 10/2023" and not bts.change
    assert bts.period_end == "2023-10-31" and "bts" in bts.terms and "vien" in bts.terms
    assert TEXT[bts.start - 50 : bts.end - 50] == bts.quote
    assert next(f for f in figures if f.value == "100").unit == "%"
    assert Figure.from_dict(bts.to_dict()) == bts


def test_changes_in_the_period_and_names_are_told_apart():
    text = (
        "Xây dựng 12 trạm BTS; cấp mới 49 tài khoản, nâng tổng số lên 10.102; 1.637 bể cáp; "
        "phòng, chống Covid-19."
    )
    figures = {f.value: f for f in extract_figures([_chunk(text)])}
    assert figures["12"].change and figures["49"].change
    assert not figures["10102"].change and not figures["1637"].change  # "cáp" is no "cấp"
    assert "19" not in figures and figures["10102"].unit == ""


def test_levels_and_parts_of_a_total_are_marked():
    text = (
        "Tổng số thuê bao di động: 921.783 thuê bao (trong đó trả trước là 892.535 thuê bao); "
        "hiện có 470 chứng thư số."
    )
    figures = {f.value: f for f in extract_figures([_chunk(text)])}
    assert not figures["921783"].part and figures["892535"].part
    assert figures["470"].level and not figures["921783"].level


def test_an_ellipsis_or_stop_before_a_lower_case_word_does_not_end_the_clause():
    text = (
        "điện lực thành phố... thực hiện thu hồi cáp; bó gọn cáp,... hoàn thành 17/26 tuyến. "
        "Song song đó, 260 km."
    )
    assert [text[a:b] for a, b in clause_spans(text)] == [
        "điện lực thành phố... thực hiện thu hồi cáp",
        "bó gọn cáp,... hoàn thành 17/26 tuyến.",
        "Song song đó, 260 km.",
    ]


def test_a_table_row_gives_every_cell_figure_its_table_and_row():
    row = "Bảng 1. Trạm BTS theo doanh nghiệp — Viettel Trà Vinh — Số trạm BTS, Tổng số: 568; Trong đó 5G: 30"
    figures = {f.value: f for f in extract_figures([_chunk(row)])}
    assert set(figures) == {"568", "30"}
    assert {"viettel", "tram", "bts"} <= set(figures["30"].terms)  # the row's label, not only "Trong đó 5G"
    assert figures["30"].quote == row  # a row is one clause
