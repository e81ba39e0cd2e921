from assistant.intent import (
    asks_date,
    asks_document_number,
    is_comparison,
    is_plan_question,
    question_parts,
    strip_date_ask,
    strip_plan_words,
)


def test_comparison_words_and_ranges():
    assert is_comparison("số trạm BTS tháng 10/2023 so với tháng 6/2023?")
    assert is_comparison("thue bao co dinh nam 2017 va 9 thang dau nam 2021 khac nhau the nao")
    assert not is_comparison("các tuyến cáp chỉnh trang từ tháng 4 đến tháng 7/2023")


def test_plan_words_but_not_a_plan_document_number():
    assert is_plan_question("kế hoạch tháng 11/2023 có gì về chuyển đổi số?")
    assert is_plan_question("Tháng 11/2023 Sở sẽ xin ý kiến những dự thảo nào?")
    assert is_plan_question("dinh huong phat trien nganh nam 2018")
    assert not is_plan_question("Kế hoạch số 94/KH-UBND ban hành ngày nào?")
    assert is_plan_question("còn về trạm phát sóng thì kế hoạch có gì?")
    assert is_plan_question("Kế hoạch 3 tháng cuối 2021 về giám sát an toàn thông tin là gì?")
    # A plan named by what it is about is a document, not the next period's plan.
    assert not is_plan_question("Kế hoạch hưởng ứng Ngày Chuyển đổi số năm 2023 là kế hoạch số mấy?")
    assert not is_plan_question("Quyết định nào phê duyệt kế hoạch đưa hộ sản xuất lên sàn TMĐT?")


def test_which_document_questions():
    assert asks_document_number("Kế hoạch hưởng ứng Ngày Chuyển đổi số là kế hoạch số mấy?")
    assert asks_document_number("Quyết định nào của Bộ TT&TT phê duyệt kế hoạch?")
    assert asks_document_number("Nghị quyết về chuyển đổi số là nghị quyết số mấy?")
    assert not asks_document_number("có bao nhiêu văn bản điện tử, tỷ lệ ký số bao nhiêu?")
    assert not asks_document_number("Tháng 10/2021 Sở ban hành những quyết định và kế hoạch nào?")  # a list


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


def test_plan_words_are_not_what_a_plan_clause_must_say():
    assert is_plan_question("3 tháng cuối năm 2021 Sở đặt mục tiêu gì về dịch vụ công trực tuyến?")
    assert strip_plan_words("Sở đặt mục tiêu gì về dịch vụ công?") == "Sở gì về dịch vụ công?"
    assert strip_plan_words("Kế hoạch công tác tháng 11 có gì?") == "tháng 11 có gì?"
    assert strip_plan_words("Kế hoạch số 94/KH-UBND") == "Kế hoạch số 94/KH-UBND"
