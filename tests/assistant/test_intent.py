from assistant.intent import is_comparison, is_plan_question


def test_comparison_words_and_ranges():
    assert is_comparison("số trạm BTS tháng 10/2023 so với tháng 6/2023?")
    assert is_comparison("thue bao co dinh nam 2017 va 9 thang dau nam 2021 khac nhau the nao")
    assert not is_comparison("các tuyến cáp chỉnh trang từ tháng 4 đến tháng 7/2023")


def test_plan_words_but_not_a_plan_document_number():
    assert is_plan_question("kế hoạch tháng 11/2023 có gì về chuyển đổi số?")
    assert is_plan_question("Tháng 11/2023 Sở sẽ xin ý kiến những dự thảo nào?")
    assert is_plan_question("dinh huong phat trien nganh nam 2018")
    assert not is_plan_question("Kế hoạch số 94/KH-UBND ban hành ngày nào?")
