"""A question that names a province is answered from that province's reports only."""

from __future__ import annotations

from assistant.service import Assistant
from assistant.settings import Settings
from index.embedder import HashingEmbedder
from index.metadata import named_provinces, province_of
from tests.conftest import make_ingestor

REPORT = """UBND TỈNH {upper}
SỞ THÔNG TIN VÀ TRUYỀN THÔNG
Số: 12/BC-STTTT
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
{place}, ngày 05 tháng 10 năm 2022
BÁO CÁO
Kết quả công tác thông tin và truyền thông 9 tháng đầu năm 2022
I. KẾT QUẢ CÔNG TÁC 9 THÁNG ĐẦU NĂM 2022
1. Lĩnh vực viễn thông
- Toàn tỉnh có {bts} trạm thu, phát sóng thông tin di động (BTS).
"""


def test_province_of_the_letterhead_and_provinces_named_in_a_question():
    assert province_of("UBND TỈNH VĨNH LONG") == "Vĩnh Long"
    assert province_of("ỦY BAN NHÂN DÂN TỈNH TRÀ VINH") == "Trà Vinh"
    assert province_of("BỘ THÔNG TIN VÀ TRUYỀN THÔNG") is None and province_of(None) is None
    provinces = {"Vĩnh Long", "Trà Vinh", "Long An"}
    assert named_provinces("so tram bts o vinh long", provinces) == {"Vĩnh Long"}
    assert named_provinces("Trà Vinh có bao nhiêu trạm?", provinces) == {"Trà Vinh"}
    assert named_provinces("bao nhiêu trạm?", provinces) == set()
    assert named_provinces("Vĩnh Longan", provinces) == set()  # whole words only


def test_a_named_province_keeps_the_answer_to_its_own_reports(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    for name, upper, place, bts in (
        ("vl.txt", "VĨNH LONG", "Vĩnh Long", "1.587"),
        ("tv.txt", "TRÀ VINH", "Trà Vinh", "1.104"),
    ):
        (reports / name).write_text(REPORT.format(upper=upper, place=place, bts=bts), encoding="utf-8")
    embedder = HashingEmbedder()
    assert make_ingestor(tmp_path / "data", embedder).run([reports]).ok
    assistant = Assistant.from_settings(
        Settings(data_dir=tmp_path / "data", embedding_model=embedder.name), embedder
    )
    for province, figure, other in (("Vĩnh Long", "1.587", "1.104"), ("Trà Vinh", "1.104", "1.587")):
        answer = assistant.ask(f"Số trạm BTS ở {province}, 9 tháng đầu năm 2022?")
        assert figure in answer.text and other not in answer.text, answer.text
        assert {c.report_file for c in answer.citations} == {"vl.txt" if figure == "1.587" else "tv.txt"}
