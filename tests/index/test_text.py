import unicodedata

from index.text import collapse_spaces, fold_diacritics, normalise


def test_normalise_composes_nfd_and_drops_private_use_glyphs():
    decomposed = unicodedata.normalize("NFD", "Trạm phát sóng")
    assert normalise("\uf0b7 " + decomposed + "\r\n") == " Trạm phát sóng\n"


def test_fold_diacritics_keeps_length_and_maps_d():
    text = "Đường truyền số liệu chuyên dùng"
    folded = fold_diacritics(text)
    assert folded == "duong truyen so lieu chuyen dung"
    assert len(folded) == len(text)


def test_collapse_spaces():
    assert collapse_spaces("  a \t b\u00a0 c ") == "a b c"


def test_tone_key_tells_apart_words_that_fold_alike_and_agrees_on_tone_placement():
    from index.text import is_marked, tone_key

    assert tone_key("thuê") != tone_key("thuế") and tone_key("ca") != tone_key("cá")
    assert tone_key("hộ") != tone_key("hồ") and tone_key("Đặt") != tone_key("đạt")
    assert tone_key("hoà") == tone_key("hòa") and tone_key("thuỷ") == tone_key("thủy")
    assert tone_key("Trạm") == tone_key("trạm")
    assert is_marked("máy") and not is_marked("may") and is_marked("đi")


def test_folding_reads_decomposed_and_composed_text_alike():
    composed = "Trạm BTS Đồng Khởi, thuế"
    decomposed = unicodedata.normalize("NFD", composed)
    assert fold_diacritics(composed) == fold_diacritics(decomposed) == "tram bts dong khoi, thue"
    assert fold_diacritics("e\u0301\u0323 ǅ ﬁ") == "e ǆ ﬁ"  # stray marks dropped; other letters kept
