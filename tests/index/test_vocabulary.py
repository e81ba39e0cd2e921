from index.vocabulary import Vocabulary, load_vocabulary


def test_abbreviation_expands_to_its_words_and_back():
    vocabulary = load_vocabulary()
    assert "trạm thu, phát sóng thông tin di động" in vocabulary.expansions("bao nhieu tram BTS")
    assert "BTS" in vocabulary.expansions("số trạm thu, phát sóng thông tin di động")
    assert "dịch vụ công trực tuyến" in vocabulary.expansions("Năm 2017 có bao nhiêu DVCTT mức độ 3?")
    assert "CĐS" in vocabulary.expansions("chỉ số chuyen doi so")


def test_report_typos_are_equivalent():
    assert {"lỗi hồng", "lỗi hỏng"} <= set(load_vocabulary().expansions("những lỗ hổng bảo mật nào"))


def test_whole_words_only_and_no_repeats():
    vocabulary = Vocabulary((("SOC", "an ninh mạng"),))
    assert vocabulary.expansions("social network") == []
    assert vocabulary.expand("hệ thống SOC") == "hệ thống SOC (an ninh mạng)"
    assert vocabulary.expand("SOC và an ninh mạng") == "SOC và an ninh mạng"
