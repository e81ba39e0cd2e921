from index.restore import DiacriticRestorer, has_diacritics

TEXTS = [
    "Toàn tỉnh có 1.286 trạm BTS. Số thuê bao di động đạt 1,1 triệu.",
    "Chỉnh trang cáp viễn thông trên 17 tuyến đường. Cấp giấy phép.",
    "Cổng dịch vụ công tiếp nhận 1.000 hồ sơ.",
]


def restorer() -> DiacriticRestorer:
    return DiacriticRestorer.from_texts(TEXTS, ["bao nhiêu"])


def test_restores_from_the_reports_words_and_question_phrases():
    assert restorer().restore("so thue bao di dong la bao nhieu") == "số thuê bao di động la bao nhiêu"
    assert restorer().restore("bao nhieu tram BTS?") == "bao nhiêu trạm BTS?"


def test_context_picks_the_spelling():
    # "cap" alone is "cấp" as often as "cáp"; next to "chinh trang" it is "cáp".
    assert restorer().restore("chinh trang cap") == "chỉnh trang cáp"


def test_case_kept_and_text_with_diacritics_untouched():
    assert restorer().restore("Cong dich vu cong") == "Cổng dịch vụ công"
    assert restorer().restore("số tram BTS") == "số tram BTS"
    assert has_diacritics("trạm") and not has_diacritics("tram BTS")


def test_unknown_words_stay():
    assert restorer().restore("xyz 10/2023, abc") == "xyz 10/2023, abc"
