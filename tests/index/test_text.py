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
