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


def _retrieval(text: str, question: str):
    from assistant.types import Retrieval, RetrievedChunk
    from index.types import Chunk, SectionKind

    chunk = Chunk(
        "c1",
        text,
        "r.txt",
        "Báo cáo",
        "tháng 6/2023",
        "III. KẾ HOẠCH",
        SectionKind.plan,
        100,
        100 + len(text),
        None,
    )
    return Retrieval(question, (RetrievedChunk(chunk, 1.0),))


def test_enumeration_quote_keeps_the_items_after_its_colon():
    from assistant.answer import best_evidence

    text = "Trình UBND tỉnh dự thảo: Quy chế quản lý văn bản; kế hoạch nâng cao dịch vụ công. Câu khác hẳn."
    evidence = best_evidence(_retrieval(text, "sẽ trình UBND tỉnh dự thảo gì?"), LexicalIndex([text]))
    assert (
        evidence.quote == "Trình UBND tỉnh dự thảo: Quy chế quản lý văn bản; kế hoạch nâng cao dịch vụ công."
    )
    assert (evidence.start, evidence.end) == (100, 100 + len(evidence.quote))


def test_figure_quote_stays_on_its_clause_unless_the_next_speaks_of_the_same_thing():
    from assistant.answer import best_evidence

    text = "Toàn tỉnh có 90.923 cột treo cáp; 1.286 trạm BTS; 17 cảnh báo an toàn."
    evidence = best_evidence(_retrieval(text, "bao nhiêu trạm BTS?"), LexicalIndex([text, "bưu chính"]))
    assert evidence.quote == "1.286 trạm BTS"
