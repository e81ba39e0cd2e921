from index.segment import Segmenter, find_words


def test_pyvi_words_are_folded_and_exclude_function_words():
    words = find_words("Số thuê bao di động là bao nhiêu")
    assert {"thue bao", "di dong"} <= words
    assert "bao nhieu" not in words


def test_segmenter_finds_words_with_or_without_diacritics():
    segment = Segmenter({"thue bao", "di dong"})
    with_marks = segment("Số thuê bao di động")
    assert {"thue_bao", "di_dong", "thue", "di", "dong"} <= set(with_marks)
    assert set(segment("so thue bao di dong")) == set(with_marks)


def test_longest_word_wins():
    segment = Segmenter({"dich vu", "dich vu cong", "cong truc tuyen"})
    assert [t for t in segment("dịch vụ công trực tuyến") if "_" in t] == ["dich_vu_cong"]
    assert len(Segmenter([])) == 0 and Segmenter([])("trạm BTS") == ["tram", "bts"]
