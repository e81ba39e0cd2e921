"""The part of the province a question asks about, and whether a clause speaks of it.

Reports give figures for the province, for a level of government ("cấp huyện, cấp xã") and for a
district, town or commune by name ("huyện Cầu Kè", "xã Đôn Xuân", "TP Trà Vinh"). A question that
names one of these is answered only by a clause that names it too: the province's figure is not a
commune's. Names are read from the question alone: after the unit word, the words written with
capitals ("huyện Cầu Kè"), or, in a question typed in lower case, the next two words that are not
function words ("huyen cau ke").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from index.text import fold_diacritics

# The units below the province a report names places by, folded; each with the spellings that name
# the same unit ("TP Trà Vinh", "thành phố Trà Vinh").
_UNITS: dict[str, tuple[str, ...]] = {
    "huyen": ("huyen",),
    "xa": ("xa",),
    "phuong": ("phuong",),
    "thi tran": ("thi tran", "tt"),
    "thi xa": ("thi xa", "tx"),
    "thanh pho": ("thanh pho", "tp"),
    "tp": ("thanh pho", "tp"),
}
_UNIT = re.compile(r"(?<!\w)(thi tran|thi xa|thanh pho|tp\.?|huyen|xa|phuong)\s+", re.IGNORECASE)
# Words before a unit that make it a kind, not a place: "cấp xã", "các huyện", "mỗi xã", "toàn huyện".
# "mấy xã chưa có" counts communes.
_KIND_BEFORE = re.compile(r"\b(?:cap|cac|moi|tung|toan|nhung|so|may|nhieu)\s+$")
# Levels of government a figure may be given for, folded, with how a message spells them.
LEVEL_NAMES = {"cap tinh": "cấp tỉnh", "cap huyen": "cấp huyện", "cap xa": "cấp xã"}
_LEVELS = tuple(LEVEL_NAMES)
MAX_NAME_WORDS = 2
# Typed in lower case, a unit word is often the first syllable of another word: "xã hội", "phương án",
# "phương hướng", "huyện" hardly. A ward ("phường") typed so is named by its number only.
_NOT_A_NAME: dict[str, frozenset[str]] = {
    "xa": frozenset({"hoi"}),
    "phuong": frozenset(
        {"an", "huong", "thuc", "tien", "phap", "cham", "chau", "tay", "dong", "nam", "bac", "trinh"}
    ),
}
# Words that end a place name typed in lower case: what a question says after it.
_AFTER_NAME = frozenset(
    [
        "co",
        "bao",
        "nhieu",
        "la",
        "da",
        "duoc",
        "chua",
        "nao",
        "may",
        "tiep",
        "trong",
        "va",
        "cua",
        "thi",
        "o",
        "tai",
        "nam",
        "thang",
        "quy",
        "hien",
        "dat",
        "gom",
    ]
)


@dataclass(frozen=True)
class Place:
    unit: str  # folded: "huyen", "thanh pho"
    name: str  # folded: "cau ke"
    written: str = field(default="", compare=False)  # as the question wrote it: "Huyện Cầu Kè"

    def spellings(self) -> tuple[str, ...]:
        return tuple(f"{u} {self.name}" for u in _UNITS.get(self.unit, (self.unit,)))


def named_places(question: str) -> list[Place]:
    """The districts, towns and communes the question names: "Huyện Cầu Kè có mấy camera?" ->
    [Place("huyen", "cau ke")]."""
    text = unicodedata.normalize("NFC", question)
    folded = fold_diacritics(text).lower()
    typed_plain = text == text.lower()  # no capitals to tell a name: the words after the unit
    places: list[Place] = []
    for m in _UNIT.finditer(folded):
        if _KIND_BEFORE.search(folded[: m.start()]):
            continue
        words = re.findall(r"[^\W_]+", text[m.end() :])
        folded_words = re.findall(r"[^\W_]+", folded[m.end() :])
        name: list[str] = []
        written: list[str] = []
        for original, plain in zip(words, folded_words, strict=False):
            if len(name) == MAX_NAME_WORDS or _UNIT.fullmatch(plain + " ") or (name and name[-1].isdigit()):
                break  # "Phường 5": a number is the whole name
            if typed_plain:
                if plain in _AFTER_NAME or (not name and plain in _NOT_A_NAME.get(unit_of(m), ())):
                    break
            elif not (original[0].isupper() or original.isdigit()):
                break
            name.append(plain)
            written.append(original)
        if name:
            unit = m.group(1).rstrip(".").lower()
            places.append(Place(unit, " ".join(name), " ".join([text[m.start(1) : m.end(1)], *written])))
    return list(dict.fromkeys(places))


def unit_of(m: re.Match[str]) -> str:
    return m.group(1).rstrip(".").lower()


def named_levels(question: str) -> list[str]:
    """The levels of government the question names ("riêng cấp huyện, cấp xã")."""
    folded = " " + " ".join(re.findall(r"[^\W_]+", fold_diacritics(question).lower())) + " "
    return [level for level in _LEVELS if f" {level} " in folded]


def speaks_of(text: str, places: list[Place], levels: list[str], label: str = "") -> bool:
    """Whether `text` names every place and level asked for, as a unit and its name; in `label` (a
    table row's own label, "Cầu Kè" in a table of districts) the name alone will do."""
    folded = " " + " ".join(re.findall(r"[^\W_]+", fold_diacritics(text).lower())) + " "
    own = " " + " ".join(re.findall(r"[^\W_]+", fold_diacritics(label).lower())) + " "
    return all(
        any(f" {s} " in folded for s in p.spellings()) or f" {p.name} " in own for p in places
    ) and all(f" {level} " in folded for level in levels)
