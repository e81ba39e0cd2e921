from dataclasses import replace

from assistant.evidence import Clause, best_evidence, coverage, eligible, figures, question_terms, read_ask
from index.lexical import LexicalIndex
from index.vocabulary import Vocabulary


def test_figures_skip_years_dates_and_document_numbers():
    assert figures("có 1.286 trạm thu, phát sóng") == [("1286", "tram")]
    assert figures("năm 2023 trạm BTS; ngày 22/9/2023") == []
    assert figures("Kế hoạch số 94/KH-UBND; Thông tư 05/2021/TT-BTTTT; QCVN 128:2021") == []
    assert figures("đạt 57,96%") == [("57,96", "%")]


def test_abbreviation_term_is_held_by_its_expansion():
    lexical = LexicalIndex(["trạm thu phát sóng", "bưu chính", "viễn thông"])
    vocabulary = Vocabulary((("BTS", "trạm thu, phát sóng thông tin di động"),))
    terms = question_terms("bao nhiêu BTS", lexical, vocabulary)
    full = Clause(None, 0, "1.286 trạm thu, phát sóng thông tin di động", 0, 0)
    short = Clause(None, 0, "970 trạm BTS", 0, 0)
    other = Clause(None, 0, "162 điểm phục vụ", 0, 0)
    assert coverage(full.text, terms) == 1.0 and coverage(short.text, terms) == 1.0
    assert coverage(other.text, terms) == 0.0


def _retrieval(text: str, question: str, kind: str = "result"):
    from assistant.types import Retrieval, RetrievedChunk
    from index.types import Chunk, SectionKind

    chunk = Chunk(
        "c1",
        text,
        "r.txt",
        "Báo cáo",
        "tháng 6/2023",
        "III. KẾ HOẠCH" if kind == "plan" else "3. Lĩnh vực viễn thông",
        SectionKind(kind),
        100,
        100 + len(text),
        None,
    )
    return Retrieval(question, (RetrievedChunk(chunk, 1.0),))


def test_enumeration_quote_keeps_the_items_after_its_colon():
    from assistant.evidence import best_evidence

    text = "Trình UBND tỉnh dự thảo: Quy chế quản lý văn bản; kế hoạch nâng cao dịch vụ công. Câu khác hẳn."
    evidence = best_evidence(_retrieval(text, "sẽ trình UBND tỉnh dự thảo gì?", "plan"), LexicalIndex([text]))
    assert (
        evidence.quote == "Trình UBND tỉnh dự thảo: Quy chế quản lý văn bản; kế hoạch nâng cao dịch vụ công."
    )
    assert (evidence.start, evidence.end) == (100, 100 + len(evidence.quote))


def test_figure_quote_stays_on_its_clause_unless_the_next_speaks_of_the_same_thing():
    from assistant.evidence import best_evidence

    text = "Toàn tỉnh có 90.923 cột treo cáp; 1.286 trạm BTS; 17 cảnh báo an toàn."
    evidence = best_evidence(_retrieval(text, "bao nhiêu trạm BTS?"), LexicalIndex([text, "bưu chính"]))
    assert evidence.quote == "1.286 trạm BTS"


def test_a_figure_question_needs_a_figure_of_what_it_counts():
    rule = "Thông tư 05/2021/TT-BTTTT ngày 16/8/2021 về trạm gốc 5G."
    radio = "Toàn tỉnh có 82 trạm truyền thanh."
    lexical = LexicalIndex([rule, radio, "bưu chính"])
    assert best_evidence(_retrieval(rule, "có bao nhiêu trạm 5G?"), lexical) is None  # no count, only dates
    assert best_evidence(_retrieval(radio, "có bao nhiêu trạm BTS?"), lexical) is None  # BTS is not there
    found = best_evidence(_retrieval(radio, "có bao nhiêu trạm truyền thanh?"), lexical)
    assert found.quote == "Toàn tỉnh có 82 trạm truyền thanh."


def test_a_result_question_is_not_answered_from_a_plan():
    text = "Phấn đấu cấp 500 chứng thư số."
    lexical = LexicalIndex([text, "bưu chính"])
    assert best_evidence(_retrieval(text, "có bao nhiêu chứng thư số?", "plan"), lexical) is None
    assert (
        best_evidence(_retrieval(text, "kế hoạch cấp bao nhiêu chứng thư số?", "plan"), lexical) is not None
    )


def test_an_acronym_is_found_spelled_out_word_by_word():
    text = "Rà soát, công khai 1.858 thủ tục hành chính lên Cổng dịch vụ công quốc gia."
    evidence = best_evidence(
        _retrieval(text, "bao nhiêu TTHC công khai lên Cổng DVCQG?"), LexicalIndex([text, "x"])
    )
    assert evidence is not None and "1.858" in evidence.quote


def test_further_clauses_answer_the_other_parts_of_the_question():
    text = (
        "Toàn tỉnh có 90.923 cột treo cáp; 31.888,142 km cáp quang treo; 1.637 bể cáp và 1.286 trạm BTS; "
        "mạng cáp quang đến 100% xã."
    )
    evidence = best_evidence(
        _retrieval(text, "có bao nhiêu cột treo cáp và bể cáp?"), LexicalIndex([text, "bưu chính"])
    )
    assert evidence.quote.startswith("Toàn tỉnh có 90.923 cột treo cáp") and "1.637 bể cáp" in evidence.quote
    assert "100%" not in evidence.quote


def test_a_breakdown_after_trong_do_stays_with_its_total():
    text = "Hệ thống SOC nhận được 17 cảnh báo; trong đó, có 08 cảnh báo mã độc. Câu khác."
    evidence = best_evidence(_retrieval(text, "SOC nhận bao nhiêu cảnh báo?"), LexicalIndex([text, "x"]))
    assert evidence.quote == "Hệ thống SOC nhận được 17 cảnh báo; trong đó, có 08 cảnh báo mã độc."


def test_a_fact_dated_to_another_year_does_not_answer_for_the_asked_year():
    from datetime import date

    from index.types import Period, PeriodKind

    text = "Chỉ số DTI của tỉnh năm 2022 xếp hạng 25/63."
    retrieval = _retrieval(text, "Chỉ số DTI năm 2023 xếp hạng mấy?")
    month = Period(date(2023, 10, 1), date(2023, 10, 31), PeriodKind.month)
    chunk = replace(retrieval.chunks[0].chunk, about=month)
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    lexical = LexicalIndex([text, "x"])
    assert best_evidence(retrieval, lexical) is None
    assert (
        best_evidence(replace(retrieval, question="Chỉ số DTI năm 2022 xếp hạng mấy?"), lexical) is not None
    )


def test_a_break_inside_parentheses_does_not_end_the_clause():
    text = "Mạng dùng riêng kết nối 150 cơ quan, đơn vị (16 cơ quan Đảng; 134 cơ quan nhà nước). Câu khác."
    evidence = best_evidence(
        _retrieval(text, "mạng dùng riêng kết nối bao nhiêu cơ quan?"), LexicalIndex([text, "x"])
    )
    assert evidence.quote.endswith("134 cơ quan nhà nước).")


def test_a_list_is_quoted_with_its_item_lines_past_the_passage():
    report = (
        "Hạ tầng đáp ứng các dịch vụ dùng chung của tỉnh, gồm:\n"
        "Hệ thống Cổng thông tin điện tử của Tỉnh ủy.\n"
        "Hệ thống Cổng dịch vụ công (iGate) của UBND tỉnh.\n"
        "- Hệ thống ISO điện tử.\n"
        "b) Về ứng dụng công nghệ thông tin\n"
        "Một đoạn khác."
    )
    passage = report[: report.index("\n") + 1]
    retrieval = _retrieval(passage, "những hệ thống dùng chung nào của tỉnh?")
    chunk = replace(retrieval.chunks[0].chunk, start=0, end=len(passage))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    evidence = best_evidence(retrieval, LexicalIndex([report, "x"]), report_text=lambda _: report)
    assert evidence.quote.endswith("- Hệ thống ISO điện tử.") and "iGate" in evidence.quote
    assert report[evidence.start : evidence.end] == evidence.quote


def test_a_breakdown_chosen_first_brings_its_total():
    text = (
        "Trong tháng, đăng tải 49 tin bài, văn bản; trong đó đăng 02 tin, bài, 14 văn bản chỉ đạo điều hành."
    )
    evidence = best_evidence(
        _retrieval(text, "đăng bao nhiêu tin bài, văn bản chỉ đạo?"), LexicalIndex([text, "x"])
    )
    assert evidence.quote.startswith("Trong tháng, đăng tải 49 tin bài")


def test_initials_count_only_within_one_phrase_and_only_for_unknown_acronyms():
    from assistant.evidence import anchors_in, read_ask

    lexical = LexicalIndex(["bưu chính", "x"])
    bcvt = read_ask("mấy văn bản lĩnh vực BCVT?", lexical)
    assert anchors_in("06 văn bản lĩnh vực bưu chính, viễn thông;", bcvt)
    assert not anchors_in("đảm bảo. Thông tin; sửa chữa", read_ask("bao nhiêu trạm BTS?", lexical))
    known = read_ask("bao nhiêu trạm BTS?", lexical, Vocabulary((("BTS", "trạm thu, phát sóng"),)))
    assert not anchors_in("ban tỉnh sử dụng", known) and anchors_in("1.286 trạm thu, phát sóng", known)


def test_a_list_intro_brings_its_bulleted_items_even_past_a_full_stop():
    report = (
        "Do dịch Covid-19, một số hoạt động thông tin đối ngoại chưa thực hiện được như:\n"
        "- Tổ chức hội nghị tập huấn nghiệp vụ thông tin đối ngoại.\n"
        "- Họp báo cung cấp thông tin cho báo chí.\n"
        "2. Phương hướng"
    )
    retrieval = _retrieval(report, "những hoạt động thông tin đối ngoại nào chưa thực hiện được?")
    chunk = replace(retrieval.chunks[0].chunk, start=0, end=len(report))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    evidence = best_evidence(retrieval, LexicalIndex([report, "x"]), report_text=lambda _: report)
    assert evidence.quote.endswith("Họp báo cung cấp thông tin cho báo chí.") and "tập huấn" in evidence.quote


def _chunk(chunk_id: str, text: str, start: int, section: str = "5. Thanh tra"):
    from index.types import Chunk, SectionKind

    return Chunk(
        chunk_id,
        text,
        "r.txt",
        "Báo cáo",
        "năm 2017",
        section,
        SectionKind.result,
        start,
        start + len(text),
        None,
    )


def test_each_ask_of_a_question_is_answered_from_its_own_section():
    from assistant.evidence import Evidence, complete_parts

    first = _chunk("a", "Tổ chức kiểm tra chuyên ngành 06 cuộc đối với 47 đơn vị.", 0)
    second = _chunk("b", "Kết quả: xử phạt 01 đơn vị, với số tiền xử phạt 4.000.000 đồng.", 60)
    elsewhere = _chunk("c", "Số tiền xử phạt 45 triệu đồng.", 200, "9. Khác")
    lexical = LexicalIndex([first.text, second.text, elsewhere.text, "bưu chính"])
    evidence = Evidence(first, first.text, 0, len(first.text), 1.0)
    question = "Năm 2017 kiểm tra chuyên ngành bao nhiêu cuộc, xử phạt bao nhiêu tiền?"
    main, extras = complete_parts(evidence, question, [first, second, elsewhere], lexical)
    assert main == evidence
    assert [e.quote for e in extras] == ["Kết quả: xử phạt 01 đơn vị, với số tiền xử phạt 4.000.000 đồng."]
    # One ask, already answered: nothing is added.
    assert complete_parts(evidence, "kiểm tra chuyên ngành bao nhiêu cuộc?", [second], lexical) == (
        evidence,
        [],
    )


def test_a_when_ask_widens_the_quote_within_its_passage():
    from assistant.evidence import Evidence, complete_parts

    text = (
        "Lãnh đạo Sở tiếp công dân định kỳ vào ngày 06/10/2021; Kết quả tiếp công dân: Không có công dân đến."
    )
    chunk = _chunk("a", text, 0)
    lexical = LexicalIndex([text, "bưu chính", "viễn thông"])
    result = text.index("Kết quả")
    evidence = Evidence(chunk, text[result:], result, len(text), 1.0)
    main, extras = complete_parts(
        evidence, "tiếp công dân định kỳ diễn ra hôm nào, kết quả ra sao?", [chunk], lexical
    )
    assert main.quote == text and extras == []


def test_the_figure_of_the_asked_span_of_time_wins():
    from assistant.evidence import scopes_of

    text = (
        "Cổng dịch vụ công tiếp nhận 25.251 hồ sơ mức một phần. "
        "Trong tháng, hệ thống đã tiếp nhận 33.988 hồ sơ (tỷ lệ trực tuyến 33,60%). "
        "Lũy kế từ đầu năm tiếp nhận 150.000 hồ sơ (tỷ lệ trực tuyến 44,23%)."
    )
    lexical = LexicalIndex([text, "bưu chính"])
    month = best_evidence(_retrieval(text, "tỷ lệ hồ sơ trực tuyến tháng 6/2023?"), lexical)
    assert "33,60%" in month.quote and "44,23" not in month.quote
    to_date = best_evidence(_retrieval(text, "tỷ lệ hồ sơ trực tuyến 6 tháng đầu năm 2023?"), lexical)
    assert "44,23%" in to_date.quote
    assert scopes_of("nâng lên tổng số 160 giấy phép trong 10 tháng đầu năm") == {"to_date"}
    assert scopes_of("Trong tháng thẩm định 21 giấy phép") == {"month"}


def test_the_clause_of_the_asked_span_joins_a_quote_of_another():
    text = (
        "Trong tháng cấp 21 giấy phép xuất bản tài liệu không kinh doanh; "
        "nâng lên tổng số 160 giấy phép trong 10 tháng đầu năm."
    )
    evidence = best_evidence(
        _retrieval(text, "10 tháng đầu năm 2023 cấp bao nhiêu giấy phép xuất bản tài liệu không kinh doanh?"),
        LexicalIndex([text, "bưu chính"]),
    )
    assert evidence.quote == text


def _list_evidence(report: str, passage_end: int, question: str):
    passage = report[:passage_end]
    retrieval = _retrieval(passage, question)
    chunk = replace(retrieval.chunks[0].chunk, start=0, end=len(passage))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    return best_evidence(retrieval, LexicalIndex([report, "x"]), report_text=lambda _: report)


def test_under_a_list_intro_a_long_paragraph_is_an_item():
    long_item = (
        "Thực hiện các thủ tục triển khai dự án còn chậm nên việc giải ngân vốn chưa đạt kế hoạch " * 3
    )
    report = (
        "Bên cạnh những kết quả đạt được, vẫn còn một số hạn chế sau:\n"
        "Việc cung cấp dịch vụ công trực tuyến mức độ 3, 4 chưa đảm bảo.\n"
        f"{long_item.strip()}.\n"
        "III. CHƯƠNG TRÌNH CÔNG TÁC NĂM 2018\n"
        "1. Định hướng phát triển ngành"
    )
    evidence = _list_evidence(report, report.index("\n") + 1, "còn những hạn chế gì?")
    assert evidence.quote.endswith("chưa đạt kế hoạch.") and "mức độ 3, 4" in evidence.quote
    assert "III." not in evidence.quote


def test_a_list_said_inside_a_clause_wins_and_runs_past_the_passage():
    report = (
        "Có văn bản đề nghị khắc phục lỗ hổng bảo mật trong các sản phẩm Microsoft.\n"
        "- Hướng dẫn khắc phục các lỗ hổng bảo mật các hệ thống gồm: lỗ hổng trong máy chủ Exchange; "
        "lỗ hổng phần mềm SolarWinds; lỗ hổng trên sản phẩm FortiWeb.\n"
        "6. Lĩnh vực khác"
    )
    evidence = _list_evidence(
        report, report.index("SolarWinds"), "hướng dẫn khắc phục lỗ hổng bảo mật những sản phẩm nào?"
    )
    assert evidence.quote.startswith("Hướng dẫn khắc phục") and evidence.quote.endswith("FortiWeb.")


def test_which_document_is_answered_by_a_clause_that_numbers_one():
    text = (
        "Triển khai 12 nhiệm vụ hưởng ứng Ngày Chuyển đổi số quốc gia năm 2023. "
        "Tham mưu ban hành Kế hoạch số 94/KH-UBND ngày 02/10/2023 hưởng ứng Ngày Chuyển đổi số."
    )
    question = "Kế hoạch hưởng ứng Ngày Chuyển đổi số quốc gia là kế hoạch số mấy?"
    evidence = best_evidence(_retrieval(text, question), LexicalIndex([text, "bưu chính"]))
    assert "94/KH-UBND" in evidence.quote and "12 nhiệm vụ" not in evidence.quote
    ask = read_ask("Nghị quyết chuyển đổi số là nghị quyết số mấy?", LexicalIndex([text, "x"]))
    assert ask.document and not ask.numeric
    assert eligible(
        Clause(_retrieval("Nghị quyết số 09-NQ/TU", "q").chunks[0], 0, "Nghị quyết số 09-NQ/TU", 0, 0), ask
    )


def test_a_breakdown_that_opens_its_passage_brings_the_total_before_it():
    report = (
        "c) Dịch vụ công\n"
        "Trong tháng, hệ thống đã tiếp nhận 13.594 hồ sơ (11.414 trực tiếp, 2180 trực tuyến). "
        "Trong đó dịch vụ công mức 3 tiếp nhận 4.353 hồ sơ; dịch vụ công mức 4 tiếp nhận 8.117 hồ sơ."
    )
    at = report.index("Trong đó")
    passage = report[at:]
    retrieval = _retrieval(passage, "hồ sơ tiếp nhận trên cổng dịch vụ công?")
    chunk = replace(retrieval.chunks[0].chunk, start=at, end=len(report))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    evidence = best_evidence(retrieval, LexicalIndex([report, "x"]), report_text=lambda _: report)
    assert evidence.quote.startswith("Trong tháng, hệ thống đã tiếp nhận 13.594 hồ sơ")
    assert report[evidence.start : evidence.end] == evidence.quote


def test_an_acronym_said_earlier_in_the_section_anchors_the_passage():
    from assistant.evidence import section_lead

    report = (
        "7.3. Công tác Văn phòng\n"
        "Sở được phân bổ kinh phí 03 dự án công nghệ thông tin với tổng kinh phí 28 tỷ đồng.\n"
        "Đã giải ngân 1,572 tỷ đồng, đạt tỷ lệ 15,72% kế hoạch vốn được giao."
    )
    at = report.index("Đã giải ngân")
    assert section_lead(report, at).strip().startswith("Sở được phân bổ")
    retrieval = _retrieval(report[at:], "tỷ lệ giải ngân vốn dự án CNTT?")
    chunk = replace(retrieval.chunks[0].chunk, start=at, end=len(report))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    lexical = LexicalIndex([report, "x"])
    vocabulary = Vocabulary((("CNTT", "công nghệ thông tin"),))
    assert best_evidence(retrieval, lexical, vocabulary) is None  # the passage alone does not say CNTT
    evidence = best_evidence(retrieval, lexical, vocabulary, report_text=lambda _: report)
    assert evidence.quote.startswith("Đã giải ngân 1,572 tỷ đồng")


def test_words_typed_with_diacritics_match_only_as_spelled():
    lexical = LexicalIndex(["hồ sơ", "hộ gia đình", "cá nhân", "Cục Thuế", "thuê bao"])
    terms = question_terms("tỷ lệ hộ gia đình có máy tính", lexical, None)
    assert coverage("tỷ lệ hồ sơ nộp trực tuyến", terms) < coverage("tỷ lệ hộ có máy tính", terms)
    # Typed with diacritics, a plain word is plain: "ca" (a case) is not "cá" (nhân).
    terms = question_terms("bao nhiêu ca mắc", lexical, None)
    assert coverage("03 cá nhân", terms) == 0.0 and coverage("12 ca mắc", terms) == 1.0
    # Typed without any, every spelling matches.
    terms = question_terms("so thue bao", lexical, None)
    assert coverage("thuê bao", terms) == 1.0 and coverage("Cục Thuế, Bảo hiểm", terms) == 1.0


def test_a_shorter_form_of_what_the_question_wrote_earns_half():
    lexical = LexicalIndex(["điện thoại di động", "di động", "internet"])
    vocabulary = Vocabulary((("ĐTDĐ", "điện thoại di động", "di động"),))
    terms = question_terms("thuê bao điện thoại di động", lexical, vocabulary)
    full = coverage("thuê bao điện thoại di động", terms)
    short = coverage("thuê bao internet qua thiết bị di động", terms)
    assert full == 1.0 and 0.5 < short < 1.0


def test_tyle_asks_for_a_percentage_and_is_not_the_topic():
    text = "Cổng dịch vụ công tiếp nhận 12.052 hồ sơ, nộp trực tuyến chiếm tỷ lệ 14,06%."
    lexical = LexicalIndex([text, "hộ gia đình", "bưu chính"])
    # Nothing of what it is about ("hộ gia đình", "máy tính") is there: "tỷ lệ" alone does not count.
    assert (
        best_evidence(_retrieval(text, "Tỷ lệ hộ gia đình có máy tính là bao nhiêu?"), lexical).coverage == 0
    )
    evidence = best_evidence(_retrieval(text, "tỷ lệ hồ sơ nộp trực tuyến?"), lexical)
    assert evidence is not None and "14,06%" in evidence.quote


def test_the_counted_word_typed_with_diacritics_must_be_spelled_alike():
    text = "Phát hiện 03 cá nhân vi phạm liên quan đến dịch Covid-19."
    lexical = LexicalIndex([text, "bưu chính"])
    ask = read_ask("bao nhiêu ca mắc Covid-19?", lexical)
    assert ask.unit_spellings and not eligible(Clause(_retrieval(text, "q").chunks[0], 0, text, 0, 0), ask)
    plain = read_ask("bao nhieu ca mac Covid-19", lexical)  # typed plain: any spelling
    assert eligible(Clause(_retrieval(text, "q").chunks[0], 0, text, 0, 0), plain)
    # An acronym spelled out after the figure still counts it.
    tthc = "cung cấp 1.858 thủ tục hành chính"
    ask = read_ask("có bao nhiêu TTHC?", LexicalIndex([tthc, "x"]))
    assert eligible(Clause(_retrieval(tthc, "q").chunks[0], 0, tthc, 0, 0), ask)


def test_a_breakdown_opening_a_section_does_not_take_the_heading_for_its_total():
    report = "3. VIỄN THÔNG\nTrong đó có 51 bưu cục và 83 điểm Bưu điện - Văn hóa xã."
    at = report.index("Trong đó")
    retrieval = _retrieval(report[at:], "có bao nhiêu bưu cục?")
    chunk = replace(retrieval.chunks[0].chunk, start=at, end=len(report))
    retrieval = replace(retrieval, chunks=(replace(retrieval.chunks[0], chunk=chunk),))
    evidence = best_evidence(retrieval, LexicalIndex([report, "x"]), report_text=lambda _: report)
    assert evidence.quote.startswith("Trong đó") and report[evidence.start : evidence.end] == evidence.quote


def test_a_further_ask_never_widens_a_quote_past_its_passage():
    from assistant.evidence import Evidence, complete_parts

    text = "Kiểm tra 06 cuộc. Xử phạt với số tiền 4.000.000 đồng."
    chunk = _chunk("a", text, 100)
    # The evidence already reaches before the passage (a total taken from the report text).
    evidence = Evidence(chunk, "Tổng số: Kiểm tra 06 cuộc.", 90, 117, 1.0)
    main, extras = complete_parts(
        evidence, "kiểm tra bao nhiêu cuộc, xử phạt bao nhiêu tiền?", [chunk], LexicalIndex([text, "x"])
    )
    assert main == evidence and [e.quote for e in extras] == ["Xử phạt với số tiền 4.000.000 đồng."]


def test_the_models_similarity_decides_between_clauses_the_words_score_alike():
    from assistant.evidence import best_evidence

    text = "Toàn tỉnh có 1.433 trạm BTS. Đã phát triển mới 08 trạm BTS."
    retrieval = _retrieval(text, "bao nhiêu trạm BTS?")
    lexical = LexicalIndex([text, "bưu chính"])
    second = text.index("Đã")

    def favours(start_wanted: int):
        return lambda report_file, start, end: 0.9 if start == start_wanted else 0.1

    assert "08 trạm" in best_evidence(retrieval, lexical, similarity=favours(100 + second)).quote
    assert "1.433" in best_evidence(retrieval, lexical, similarity=favours(100)).quote


_ROWS = (
    "Bảng 4. Số trạm theo doanh nghiệp — VNPT Hậu Giang — Số trạm BTS: 410; Trong đó 4G: 398\n"
    "Bảng 4. Số trạm theo doanh nghiệp — Viettel Hậu Giang — Số trạm BTS: 530; Trong đó 4G: 521\n"
    "Bảng 4. Số trạm theo doanh nghiệp — MobiFone Hậu Giang — Số trạm BTS: 205; Trong đó 4G: 190\n"
    "Bảng 4. Số trạm theo doanh nghiệp — Tổng cộng — Số trạm BTS: 1.145; Trong đó 4G: 1.109"
)


def test_a_table_row_is_quoted_alone_even_with_colons_in_it():
    evidence = best_evidence(
        _retrieval(_ROWS, "Số trạm BTS của Viettel Hậu Giang, kể cả số trạm 4G?"),
        LexicalIndex([_ROWS, "bưu chính", "viễn thông"]),
    )
    assert evidence.quote == _ROWS.split("\n")[1]


def test_a_figure_of_no_named_part_comes_from_the_total_row_not_a_part():
    evidence = best_evidence(
        _retrieval(_ROWS, "toàn tỉnh có bao nhiêu trạm BTS 4G?"),
        LexicalIndex([_ROWS, "bưu chính", "viễn thông"]),
    )
    assert evidence.quote == _ROWS.split("\n")[3]


def test_a_named_part_takes_its_own_row_not_the_total():
    retrieval = _retrieval(_ROWS, "trạm BTS của MobiFone là bao nhiêu?")
    lexical = LexicalIndex([_ROWS, "bưu chính", "viễn thông"])
    evidence = best_evidence(retrieval, lexical, similarity=lambda _f, start, _e: 1.0 if start > 300 else 0.0)
    assert evidence.quote == _ROWS.split("\n")[2]


def test_a_comparison_quote_stops_before_the_figure_it_is_compared_with():
    from assistant.evidence import Evidence, trimmed_to_figure

    text = "toàn tỉnh có 1.640 trạm BTS, tăng 12 trạm so với năm 2022 (1.628 trạm), trong đó 5G 30 trạm"
    chunk = _retrieval(text, "").chunks[0].chunk
    evidence = trimmed_to_figure(Evidence(chunk, text, 100, 100 + len(text), 1.0), (frozenset({"tram"}),))
    assert evidence.quote == "toàn tỉnh có 1.640 trạm BTS" and evidence.end == 100 + len(evidence.quote)
    plain = "toàn tỉnh có 1.640 trạm BTS; 210 điểm phục vụ"
    assert (
        trimmed_to_figure(Evidence(chunk, plain, 0, len(plain), 1.0), (frozenset({"tram"}),)).quote == plain
    )


def test_the_answering_figure_is_the_one_whose_words_hold_the_question():
    from assistant.evidence import answering_figure

    quote = "Trong tháng, cấp mới 12 tài khoản, tổng số 2.480 tài khoản đang sử dụng (150 tài khoản khóa)"
    lexical = LexicalIndex([quote, "bưu chính", "viễn thông"])
    terms = read_ask("số tài khoản đang sử dụng là mấy?", lexical).terms
    assert answering_figure(quote, (frozenset({"tai"}),), terms) == ("2.480", "tài khoản đang sử dụng")
    # Two things asked, or no figure of the one asked: no sentence of its own.
    assert answering_figure(quote, (frozenset({"tai"}), frozenset({"%"})), terms) is None
    assert answering_figure(quote, (frozenset({"tram"}),), terms) is None


def test_a_row_figure_is_named_by_its_column_and_row():
    from assistant.evidence import answering_figure

    row = _ROWS.split("\n")[1]
    assert answering_figure(row, (frozenset({"tram"}),)) == ("530", "(Số trạm BTS — Viettel Hậu Giang)")


def test_a_clause_that_counts_what_did_not_happen_does_not_answer_what_did():
    from assistant.evidence import negates_asked

    assert negates_asked("còn 04/10 điểm chưa được lắp đặt", "đã lắp đặt được bao nhiêu điểm?")
    assert not negates_asked("đã lắp đặt 06/10 điểm", "đã lắp đặt được bao nhiêu điểm?")
    # A question about what has not happened is answered by such a clause.
    assert not negates_asked("còn 04/10 điểm chưa được lắp đặt", "bao nhiêu điểm chưa lắp đặt?")


def test_a_ranking_ask_needs_a_place_in_a_ranking():
    text = "Triển khai kế hoạch ngày 12/01/2024 với 30 nhiệm vụ; Hậu Giang xếp hạng 18/63 về chỉ số."
    evidence = best_evidence(
        _retrieval(text, "Hậu Giang được xếp hạng thứ mấy về chỉ số?"),
        LexicalIndex([text, "bưu chính", "viễn thông"]),
    )
    assert evidence is not None and "18/63" in evidence.quote and "30 nhiệm vụ" not in evidence.quote
    only_tasks = "Triển khai kế hoạch ngày 12/01/2024 với 30 nhiệm vụ cải thiện chỉ số của Hậu Giang."
    lexical = LexicalIndex([only_tasks, "bưu chính", "viễn thông"])
    assert (
        best_evidence(_retrieval(only_tasks, "Hậu Giang được xếp hạng thứ mấy về chỉ số?"), lexical) is None
    )
