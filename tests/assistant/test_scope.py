import pytest

from assistant.scope import Place, named_levels, named_places, speaks_of


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("Huyện Phụng Hiệp có bao nhiêu trạm BTS?", [Place("huyen", "phung hiep")]),
        ("xa vi tan nhan may ho so", [Place("xa", "vi tan")]),
        ("Số hồ sơ của TP. Vị Thanh năm 2024?", [Place("tp", "vi thanh")]),
        ("Phường 5 tiếp nhận bao nhiêu hồ sơ?", [Place("phuong", "5")]),
        # Kinds of unit, not places.
        ("cấp xã tiếp nhận bao nhiêu hồ sơ?", []),
        ("bao nhieu xa phuong thi tran co dai truyen thanh, con may xa chua co", []),
        ("Các huyện đã ngầm hóa bao nhiêu km cáp?", []),
        ("Chỉ số phát triển xã hội số là bao nhiêu?", []),
    ],
)
def test_named_places(question: str, places: list[Place]) -> None:
    assert named_places(question) == places


def test_named_levels() -> None:
    assert named_levels("hồ sơ nhận ở cấp huyện và cấp xã") == ["cap huyen", "cap xa"]
    assert named_levels("hồ sơ nhận ở toàn tỉnh") == []


def test_a_clause_speaks_of_a_place_by_its_unit_and_name() -> None:
    city = [Place("tp", "vi thanh")]
    assert speaks_of("tại thành phố Vị Thanh đã lắp 40 camera", city, [])
    assert not speaks_of("tỉnh có 236 camera", city, [])
    # The town and the district of one name are two places.
    assert not speaks_of("thị xã Long Mỹ tiếp nhận 900 hồ sơ", [Place("huyen", "long my")], [])
    assert speaks_of("cấp huyện tiếp nhận 1.200 hồ sơ; cấp xã 800 hồ sơ", [], ["cap huyen", "cap xa"])
    assert not speaks_of("các sở, ban, ngành tiếp nhận 700 hồ sơ", [], ["cap xa"])


@pytest.mark.parametrize(
    ("question", "places"),
    [
        # Typed in lower case with diacritics: the words after the unit.
        ("huyện phụng hiệp có bao nhiêu trạm?", [Place("huyen", "phung hiep")]),
        # A unit word that begins another word is no place.
        ("so nguoi tham gia bao hiem xa hoi la bao nhieu", []),
        ("phuong huong nhiem vu quy toi gom gi", []),
        ("phường 5 nhận bao nhiêu hồ sơ", [Place("phuong", "5")]),
    ],
)
def test_named_places_typed_in_lower_case(question: str, places: list[Place]) -> None:
    assert named_places(question) == places


def test_a_row_label_names_a_place_without_its_unit() -> None:
    row = "Bảng 3 — Phụng Hiệp — Số camera: 12"
    assert speaks_of(row, [Place("huyen", "phung hiep")], [], label="Phụng Hiệp")
    assert not speaks_of(row, [Place("huyen", "phung hiep")], [])
