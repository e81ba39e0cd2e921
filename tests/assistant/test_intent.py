from assistant.intent import asks_date, is_comparison, is_plan_question, question_parts, strip_date_ask


def test_comparison_words_and_ranges():
    assert is_comparison("số trạm BTS tháng 10/2023 so với tháng 6/2023?")
    assert is_comparison("thue bao co dinh nam 2017 va 9 thang dau nam 2021 khac nhau the nao")
    assert not is_comparison("các tuyến cáp chỉnh trang từ tháng 4 đến tháng 7/2023")


def test_plan_words_but_not_a_plan_document_number():
    assert is_plan_question("kế hoạch tháng 11/2023 có gì về chuyển đổi số?")
    assert is_plan_question("Tháng 11/2023 Sở sẽ xin ý kiến những dự thảo nào?")
    assert is_plan_question("dinh huong phat trien nganh nam 2018")
    assert not is_plan_question("Kế hoạch số 94/KH-UBND ban hành ngày nào?")


def test_question_parts_split_where_each_side_asks():
    assert question_parts("Năm 2017 kiểm tra bao nhiêu cuộc, xử phạt bao nhiêu tiền?") == [
        "Năm 2017 kiểm tra bao nhiêu cuộc",
        "xử phạt bao nhiêu tiền",
    ]
    # A piece that asks nothing belongs to the ask before it; the joining words are kept.
    assert question_parts("bao nhiêu tổ chức, cá nhân vi phạm và bị phạt bao nhiêu?") == [
        "bao nhiêu tổ chức, cá nhân vi phạm",
        "bị phạt bao nhiêu",
    ]
    assert question_parts("Số doanh nghiệp bưu chính và viễn thông là bao nhiêu?") == [
        "Số doanh nghiệp bưu chính và viễn thông là bao nhiêu"
    ]
    assert question_parts("lam phong su gi va phat song ngay nao") == [
        "lam phong su gi",
        "phat song ngay nao",
    ]


def test_date_asks_and_their_words():
    assert asks_date("phát sóng ngày nào?") and asks_date("diễn ra hôm nào") and asks_date("khi nào xong")
    assert not asks_date("bao nhiêu trạm BTS") and not asks_date("những nội dung nào")
    assert strip_date_ask("Đợt tiếp dân tháng 10/2021 diễn ra hôm nào") == "Đợt tiếp dân tháng 10/2021"
