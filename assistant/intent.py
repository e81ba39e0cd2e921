"""What a question asks for, read from its words: a plan, a comparison, a figure, a list."""

from __future__ import annotations

import re
import unicodedata

from index.text import fold_diacritics

_PLAN_INTENT = re.compile(
    r"\b(ke hoach(?! so)|du kien|se|chuong trinh cong tac|nhiem vu (?:cong tac|trong tam)"
    r"|phuong huong|dinh huong|muc tieu"
    r"|thang toi|nam toi|quy toi|sap toi|tiep theo)\b"
)
_PLAN_WORDS = re.compile(
    r"\b(?:(?:dat|de ra) )?muc tieu\b|\bke hoach(?! so)(?: cong tac)?\b|\bdu kien\b|\bse\b"
    r"|\bphuong huong\b|\bdinh huong\b|\bnhiem vu (?:cong tac|trong tam)\b"
)


def strip_plan_words(question: str) -> str:
    """The plan question without the words that ask for a plan ("Sở đặt mục tiêu gì về ..." -> "Sở gì
    về ..."): the plan section is where to look, and its clauses need not say them."""
    return _strip(_PLAN_WORDS, question)


_COMPARISON_INTENT = re.compile(
    r"\b(so voi|so sanh|khac nhau|khac the nao|chenh lech|chenh nhau|tang|giam|hon|thay doi|bien dong"
    r"|qua cac ky)\b"
)


def is_comparison(question: str) -> bool:
    """Two periods and words that compare them; "từ tháng 4 đến tháng 7/2023" is a range, not this."""
    return bool(_COMPARISON_INTENT.search(fold_diacritics(question)))


_COMPARISON_WORDS = re.compile(
    r"\b(?:so sanh(?: voi)?|so voi|chenh (?:nhau|lech)|khac nhau(?: (?:the nao|ra sao|nhu the nao))?"
    r"|(?:tang|giam) (?:hay (?:tang|giam) )?(?:bao nhieu|the nao|ra sao)"
    r"|nhieu hon hay it hon|it hon hay nhieu hon|(?:nhieu|it) hon|cao hon hay thap hon|(?:cao|thap) hon"
    r"|thay doi (?:the nao|ra sao|nhu the nao)|bien dong (?:the nao|ra sao)|(?:tang|giam)(?= ?\??$))"
    r"(?: bao nhieu)?"
)


def strip_comparison(question: str) -> str:
    """The question without the words that compare: "Hộp thư tăng bao nhiêu so với" -> "Hộp thư"."""
    return _strip(_COMPARISON_WORDS, question)


def _strip(pattern: re.Pattern[str], question: str) -> str:
    """The question without what `pattern` finds in its folded form (same length, so offsets carry)."""
    question = unicodedata.normalize("NFC", question)
    folded = fold_diacritics(question).lower()
    kept, cursor = [], 0
    for m in pattern.finditer(folded):
        kept.append(question[cursor : m.start()])
        cursor = m.end()
    kept.append(question[cursor:])
    return " ".join("".join(kept).split())


_TREND = re.compile(
    r"\b(?:qua cac (?:ky|nam|thang|quy|bao cao|giai doan)(?: bao cao)?|xu huong|dien bien"
    r"|theo (?:tung|cac) ky|cac ky bao cao|theo thoi gian|tung ky(?: bao cao)?|theo tung nam)\b"
)


def is_trend_question(question: str) -> bool:
    """A metric across the reports: "số trạm BTS qua các kỳ báo cáo", "xu hướng số điểm phục vụ"."""
    return bool(_TREND.search(fold_diacritics(question).lower()))


def strip_trend(question: str) -> str:
    """The metric without the words that ask for it across periods."""
    return _strip(_TREND, question)


def is_plan_question(question: str) -> bool:
    """Asks what is planned: "kế hoạch tháng 11", "sẽ", "dự kiến". A plan named as a document ("Kế hoạch
    hưởng ứng ... là kế hoạch số mấy?", "Quyết định nào phê duyệt kế hoạch ...?") is not asked for."""
    folded = fold_diacritics(question)
    words = {m.group(1) for m in _PLAN_INTENT.finditer(folded)}
    if words == {"ke hoach"} and (
        asks_document_number(question) or re.search(r"\b(?:phe duyet|ban hanh) ke hoach\b", folded.lower())
    ):
        return False
    return bool(words)


_NUMERIC_INTENT = re.compile(r"\b(bao nhieu|may|so luong|ty le|tong so|xep hang|thu hang|bao lau)\b")
_LIST_INTENT = re.compile(r"\b(nhung|cac|gom)\b.*\b(nao|gi)\b|\bgom nhung\b|\bke ten\b|\bliet ke\b")


_RANK_ASK = re.compile(
    r"\b(?:xep|dung|dat)\s+(?:thu|hang)(?:\s+thu)?\s+(?:bao nhieu|may)\b|\bthu hang\b|\bxep hang\b"
)


def asks_rank(question: str) -> bool:
    """ "xếp thứ mấy", "đứng thứ bao nhiêu", "thứ hạng": the answer is a place in a ranking."""
    return bool(_RANK_ASK.search(fold_diacritics(question).lower()))


def is_numeric_question(question: str) -> bool:
    """Asks for a figure: "bao nhiêu", "mấy", "tỷ lệ", a rank, or "Số thuê bao internet?"."""
    return bool(_NUMERIC_INTENT.search(fold_diacritics(question))) or bool(asked_units(question))


def is_list_question(question: str) -> bool:
    """Asks for several things: "những ... nào", "gồm những", "liệt kê"."""
    return bool(_LIST_INTENT.search(fold_diacritics(question)))


_ASKED_UNIT = re.compile(r"\b(?:bao nhieu|may|so luong|tong so)\s+([a-z]+)|^\s*(?:tong )?so\s+([a-z]+)")
_NOT_UNITS = frozenset(
    # "phan": "bao nhiêu phần trăm" is read as "%" above.
    {
        "la",
        "cua",
        "duoc",
        "da",
        "co",
        "nam",
        "thang",
        "quy",
        "luong",
        "nhieu",
        "trong",
        "so",
        "voi",
        "thi",
        "phan",
    }
)
# What a question about money counts is written as an amount: "bao nhiêu tiền" <- "45 triệu đồng".
_MONEY_WORDS = frozenset({"tien", "kinh", "von", "chi", "phi", "ngan"})  # and "doanh thu"
# "mấy con đường": the classifier says nothing, the noun after it does.
_CLASSIFIERS = frozenset({"con", "cai", "chiec"})
MONEY_UNITS = frozenset({"dong", "trieu", "ty", "nghin", "ngan", "usd"})
_FINE = re.compile(r"\bphat(?: (?:duoc|la|het))? bao nhieu\b(?! [a-z])")


def asked_units(question: str) -> list[frozenset[str]]:
    """What a figure question counts, each as the folded words a figure of it may be followed by.

    "bao nhiêu cuộc và phạt bao nhiêu tiền" -> [{"cuoc"}, {"dong", "trieu", ...}]; "tỷ lệ" -> [{"%"}].
    Only the word right after "bao nhiêu", "mấy", "số lượng", "tổng số" or a leading "số" is read.
    """
    question = unicodedata.normalize("NFC", question).lower()
    folded = fold_diacritics(question)
    units: list[frozenset[str]] = []
    if re.search(r"\b(bao nhieu|may) phan tram\b|\bty le\b", folded):
        units.append(frozenset({"%"}))
    for match in _ASKED_UNIT.finditer(folded):
        word = match.group(1) or match.group(2)
        if match.group(2) and not question.lstrip().startswith(("số", "tổng số")):
            continue  # unmarked "So ..." may be "Sở" (the department) as well as "Số": not read as a count
        # Folding merges "mấy" (how many) with "máy" (machine) and "số" with "Sở": the marks decide.
        if word in _NOT_UNITS or _spelled(question, match, ("máy", "sở")):
            continue
        if word in _CLASSIFIERS:
            following = re.match(r"\s*([a-z]+)", folded[match.end() :])
            if not following:
                continue
            word = following.group(1)
        money = word in _MONEY_WORDS or (word == "doanh" and folded[match.end() :].lstrip().startswith("thu"))
        unit = MONEY_UNITS if money else frozenset({word})
        if unit not in units:
            units.append(unit)
    fine = _FINE.search(folded)
    # "bị phạt bao nhiêu" asks for an amount; "phát" (broadcast) folds to the same letters.
    if fine and not question[fine.start() :].startswith("phát") and MONEY_UNITS not in units:
        units.append(MONEY_UNITS)
    return units


def _spelled(question: str, match: re.Match[str], words: tuple[str, ...]) -> bool:
    """Whether the match's first word is written as one of `words` in the (marked) question."""
    first = question[match.start() : match.end()].split()
    return bool(first) and first[0] in words


_ACRONYM = re.compile(r"(?<![\w&])(?:[A-ZĐ][A-ZĐ0-9&]*[A-ZĐ0-9]|\d+[A-Z])(?![\w&])")


def acronyms(question: str) -> list[str]:
    """Upper-case names in the question ("BTS", "PAPI", "5G", "TT&TT"): the thing asked about."""
    return list(dict.fromkeys(m.group(0) for m in _ACRONYM.finditer(question) if len(m.group(0)) >= 2))


# Words that ask: each part of a question with several asks has at least one.
_ASKING = re.compile(r"\b(?:bao nhieu|may|gi|nao|ra sao|the nao|bao gio|bao lau)\b")
_PART_BREAK = re.compile(r"(,\s+|;\s*|\s+(?:và|va)\s+)", re.IGNORECASE)
_DATE_INTENT = re.compile(
    r"\b(?:ngay|hom|khi|luc|thoi gian|thoi diem) nao\b|\bbao gio\b|\bngay bao nhieu\b|\bvao ngay\b"
)


def question_parts(question: str) -> list[str]:
    """The asks of a question, split where each side asks something of its own:
    "kiểm tra bao nhiêu cuộc, xử phạt bao nhiêu tiền?" -> ["kiểm tra bao nhiêu cuộc", "xử phạt bao nhiêu
    tiền"]. A piece that asks nothing ("cá nhân vi phạm") belongs to the ask before it."""
    question = unicodedata.normalize("NFC", question).strip().rstrip("?").strip()
    pieces = _PART_BREAK.split(question)  # pieces and, between them, the words that join them
    parts = [pieces[0]]
    for joint, piece in zip(pieces[1::2], pieces[2::2], strict=True):
        asks = bool(_ASKING.search(fold_diacritics(piece).lower()))
        if not asks or not _ASKING.search(fold_diacritics(parts[-1]).lower()):
            parts[-1] = f"{parts[-1]}{joint}{piece}"
        else:
            parts.append(piece)
    return [p.strip() for p in parts if p.strip()]


def asks_date(question: str) -> bool:
    """Asks when: "phát sóng ngày nào", "diễn ra hôm nào", "khi nào"."""
    return bool(_DATE_INTENT.search(fold_diacritics(question).lower()))


_DATE_WORDS = re.compile(r"(?:\b(?:dien ra|vao)\s+)?" + _DATE_INTENT.pattern)


def strip_date_ask(question: str) -> str:
    """The question without the words that ask when ("diễn ra hôm nào"): they are not in the answer."""
    return _strip(_DATE_WORDS, question)


_DOCUMENT = r"(?:ke hoach|quyet dinh|cong van|thong tu|nghi dinh|chi thi|huong dan|nghi quyet|van ban)"
_DOCUMENT_NUMBER_INTENT = re.compile(
    rf"\b{_DOCUMENT} nao\b|\b(?:{_DOCUMENT}|la) so (?:may|bao nhieu|nao|hieu)\b|\bso hieu\b"
)


def asks_document_number(question: str) -> bool:
    """Asks which document: "Kế hoạch ... là kế hoạch số mấy?", "Quyết định nào phê duyệt ...?".
    "số mấy" here asks for a number such as "94/KH-UBND", not a quantity."""
    folded = fold_diacritics(question).lower()
    return bool(_DOCUMENT_NUMBER_INTENT.search(folded)) and not is_list_question(question)


_PERCENT_ASK = re.compile(r"\bty le(?: phan tram)?\b|\b(?:bao nhieu|may) phan tram\b")


def strip_percent_ask(question: str) -> str:
    """The question without the words that ask for a percentage ("tỷ lệ"): like "bao nhiêu", they say
    what kind of figure answers (see `asked_units`), not what it is about."""
    return _strip(_PERCENT_ASK, question)
