from assistant.answer import Clause, _coverage, counted_things, question_terms
from index.lexical import LexicalIndex
from index.vocabulary import Vocabulary


def test_counted_things_skip_years():
    assert counted_things("có 1.286 trạm thu, phát sóng") >= {"tram", "thu"}
    assert "tram" not in counted_things("năm 2023 trạm BTS")


def test_abbreviation_term_is_held_by_its_expansion():
    lexical = LexicalIndex(["trạm thu phát sóng", "bưu chính", "viễn thông"])
    vocabulary = Vocabulary((("BTS", "trạm thu, phát sóng thông tin di động"),))
    terms = question_terms("bao nhiêu BTS", lexical, vocabulary)
    full = Clause(None, 0, "1.286 trạm thu, phát sóng thông tin di động", 0, 0)
    short = Clause(None, 0, "970 trạm BTS", 0, 0)
    other = Clause(None, 0, "162 điểm phục vụ", 0, 0)
    assert _coverage(full, terms) == 1.0 and _coverage(short, terms) == 1.0 and _coverage(other, terms) == 0.0
