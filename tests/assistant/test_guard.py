from assistant.guard import Cited, dangling_markers, markers, numbers_outside, passes

QUOTE = Cited(
    1, "Toàn tỉnh có 90.923 cột treo cáp; 31.888,142 km cáp quang treo; tỷ lệ 57,96%", "tháng 10/2023"
)


def test_numbers_written_differently_are_the_same():
    assert numbers_outside("Có 90923 cột và 31888,142 km cáp, đạt 57,96 % [1]", [QUOTE]) == []


def test_a_number_no_quote_holds_is_caught_once():
    assert numbers_outside("Có 90.924 cột, tức 90.924 cột [1]", [QUOTE]) == ["90924"]


def test_period_of_the_citation_and_of_the_question_are_allowed():
    assert numbers_outside("Tháng 10/2023 có 90.923 cột [1]", [QUOTE]) == []
    assert numbers_outside("Tháng 12/2023 không có báo cáo", [QUOTE], "cột tháng 12/2023?") == []
    assert numbers_outside("Tháng 12/2023 không có báo cáo", [QUOTE]) == ["12/2023"]


def test_markers_and_their_targets():
    assert markers("a [1] b [2, 3] c [4-6]") == [1, 2, 3, 4, 5, 6]
    assert dangling_markers("Có 90.923 cột [1][2]", [QUOTE]) == [2]
    assert passes("Có 90.923 cột [1]", [QUOTE])
    assert not passes("Có 90.923 cột [2]", [QUOTE])
    assert not passes("Có 90.923 cột", [])


def test_a_marker_must_point_at_the_source_that_holds_its_line():
    from assistant.guard import unsupported_lines

    other = Cited(2, "tổng số 3.947 chứng thư số", "tháng 10/2023")
    good = "- Có 90.923 cột [1]\n- Có 3.947 chứng thư [2]"
    swapped = "- Có 90.923 cột [2]\n- Có 3.947 chứng thư [1]"
    assert unsupported_lines(good, [QUOTE, other]) == [] and passes(good, [QUOTE, other])
    assert len(unsupported_lines(swapped, [QUOTE, other])) == 2 and not passes(swapped, [QUOTE, other])


def test_numbers_of_labels_dates_and_numbering_are_no_free_pass():
    cited = [Cited(1, "1.286 trạm, ngày 26/01/2022", "tháng 10/2023 \n Báo cáo số 245/BC \n 3. Hạ tầng")]
    for text in ("Có 10 trạm mới [1].", "Có 26 trạm mới [1].", "Có 245 trạm [1].", "Có 3 doanh nghiệp [1]."):
        assert numbers_outside(text, cited) != [], text
    assert numbers_outside("Theo báo cáo tháng 10/2023 (3. Hạ tầng): 1.286 trạm [1].", cited) == []
    assert numbers_outside("Ngày 26/01/2022 có 1.286 trạm, năm 2023 [1].", cited) == []
    assert numbers_outside("15) doanh nghiệp mới", cited) == ["15"]
    assert numbers_outside("1. Có 1.286 trạm\n2. Ngày 26/01/2022", cited) == []


def test_brackets_in_a_quote_and_large_ranges_are_no_markers():
    cited = [Cited(1, "theo quy định tại [2] giai đoạn [2019-2023]", "năm 2023")]
    assert dangling_markers("Theo báo cáo: theo quy định tại [2] giai đoạn [2019-2023] [1]", cited) == []
    assert markers("[1-1000000000]") == []
