"""Scripted dialogues: each follow-up must become the standalone question that is searched.

Each case: the user's earlier turns (answers do not matter to the rewrite), the follow-up, and the
question it must become. Deterministic, no model.
"""

from __future__ import annotations

import pytest

from assistant.conversation import Turn, standalone_question

DIALOGUES: list[tuple[tuple[str, ...], str, str]] = [
    # The metric carries over, the period is replaced.
    (("bao nhiêu trạm BTS tháng 10/2023?",), "còn tháng 6/2023 thì sao?", "bao nhiêu trạm BTS tháng 6/2023?"),
    (("bao nhiêu trạm BTS tháng 10/2023?",), "còn năm 2017?", "bao nhiêu trạm BTS năm 2017?"),
    (("bao nhiêu trạm BTS tháng 10/2023?",), "tháng 6/2023?", "bao nhiêu trạm BTS tháng 6/2023?"),
    (("bao nhieu tram BTS thang 10/2023?",), "con thang 6/2023 thi sao?", "bao nhieu tram BTS thang 6/2023?"),
    (
        ("số hộp thư điện tử công vụ tháng 10/2023 là bao nhiêu?",),
        "còn tháng 10/2021?",
        "số hộp thư điện tử công vụ là bao nhiêu tháng 10/2021?",
    ),
    (
        ("tỷ lệ văn bản ký số tháng 10/2021?",),
        "thế còn 9 tháng đầu năm 2021?",
        "tỷ lệ văn bản ký số 9 tháng đầu năm 2021?",
    ),
    (
        ("có bao nhiêu doanh nghiệp bưu chính năm 2017?",),
        "còn quý IV/2021 thì thế nào?",
        "có bao nhiêu doanh nghiệp bưu chính quý IV/2021?",
    ),
    (
        ("Thuê bao di động năm 2017 là bao nhiêu?",),
        "vậy tháng 6/2023?",
        "Thuê bao di động là bao nhiêu tháng 6/2023?",
    ),
    # A chain of follow-ups keeps the metric of the first question.
    (
        ("bao nhiêu trạm BTS tháng 10/2023?", "còn tháng 6/2023 thì sao?"),
        "còn năm 2017?",
        "bao nhiêu trạm BTS năm 2017?",
    ),
    (
        ("số điểm phục vụ bưu chính tháng 10/2023?", "còn tháng 6/2023?"),
        "trong đó có bao nhiêu bưu cục?",
        "trong đó có bao nhiêu bưu cục tháng 6/2023?",
    ),
    # The period carries over to a narrower or new metric.
    (
        ("số điểm phục vụ bưu chính tháng 10/2023?",),
        "trong đó có bao nhiêu bưu cục?",
        "trong đó có bao nhiêu bưu cục tháng 10/2023?",
    ),
    (
        ("Tháng 10/2021 Sở kiểm tra đột xuất mấy cuộc?",),
        "tổng số tiền phạt là bao nhiêu?",
        "tổng số tiền phạt là bao nhiêu Tháng 10/2021?",
    ),
    (
        ("9 tháng đầu năm 2021 có bao nhiêu thuê bao di động?",),
        "mật độ là bao nhiêu thuê bao trên 100 dân?",
        "mật độ là bao nhiêu thuê bao di động trên 100 dân 9 tháng đầu năm 2021?",
    ),
    (
        ("Chỉ số DTI năm 2022 của tỉnh xếp hạng mấy?",),
        "còn chỉ số ICT Index thì xếp hạng mấy?",
        "còn chỉ số ICT Index thì xếp hạng mấy năm 2022?",
    ),
    (
        ("tháng 10/2023 có bao nhiêu chứng thư số đang hoạt động?",),
        "bao nhiêu trong số đó là chứng thư của tổ chức?",
        "bao nhiêu trong số đó là chứng thư của tổ chức tháng 10/2023?",
    ),
    (
        ("tháng 6/2023 cổng dịch vụ công tiếp nhận bao nhiêu hồ sơ?",),
        "đã giải quyết bao nhiêu hồ sơ?",
        "đã giải quyết bao nhiêu hồ sơ tháng 6/2023?",
    ),
    (
        ("năm 2017 có bao nhiêu thuê bao internet?",),
        "doanh thu bưu chính đạt bao nhiêu?",
        "doanh thu bưu chính đạt bao nhiêu năm 2017?",
    ),
    (
        ("Hệ thống SOC tháng 10/2023 nhận bao nhiêu cảnh báo?",),
        "trong đó bao nhiêu cảnh báo mã độc?",
        "trong đó bao nhiêu cảnh báo mã độc tháng 10/2023?",
    ),
    # The thing both name keeps the earlier qualifier, unless the follow-up gives its own.
    (
        ("năm 2017 có bao nhiêu thuê bao điện thoại cố định?",),
        "mật độ bao nhiêu thuê bao trên 100 dân?",
        "mật độ bao nhiêu thuê bao điện thoại trên 100 dân năm 2017?",  # "cố" folds to a stopword
    ),
    (
        ("năm 2017 có bao nhiêu thuê bao điện thoại cố định?",),
        "còn thuê bao di động là bao nhiêu?",
        "còn thuê bao di động là bao nhiêu năm 2017?",
    ),
    # A comparison with another period keeps both periods.
    (
        ("số thuê bao cố định năm 2017?",),
        "so với 9 tháng đầu năm 2021?",
        "số thuê bao cố định năm 2017 so với 9 tháng đầu năm 2021?",
    ),
    (
        ("Hộp thư công vụ tháng 10/2023 có bao nhiêu?",),
        "so với tháng 10/2021 thì sao?",
        "Hộp thư công vụ có bao nhiêu tháng 10/2023 so với tháng 10/2021?",
    ),
    (
        ("bao nhiêu trạm BTS tháng 10/2023?",),
        "so với năm 2017 tăng bao nhiêu?",
        "bao nhiêu trạm BTS tháng 10/2023 so với năm 2017?",
    ),
    (
        ("số doanh nghiệp CNTT tháng 6/2023?",),
        "so sánh với tháng 10/2023",
        "số doanh nghiệp CNTT tháng 6/2023 so với tháng 10/2023?",
    ),
    # Another place, same question.
    (
        ("Huyện Cầu Kè từ tháng 7 đến 22/9/2023 chỉnh trang cáp được bao nhiêu km?",),
        "còn huyện Cầu Ngang?",
        "huyện Cầu Ngang từ tháng 7 đến 22/9/2023 chỉnh trang cáp được bao nhiêu km?",
    ),
    (
        ("thị xã Duyên Hải chỉnh trang cáp bao nhiêu km tháng 10/2023?",),
        "còn thị xã Trà Vinh thì sao?",
        "thị xã Trà Vinh chỉnh trang cáp bao nhiêu km tháng 10/2023?",
    ),
    (
        ("xã Đôn Châu thu hồi bao nhiêu km cáp?",),
        "còn xã Mỹ Hòa?",
        "xã Mỹ Hòa thu hồi bao nhiêu km cáp?",
    ),
    (
        ("Huyen Cau Ke tu thang 7 den 22/9/2023 chinh trang cap duoc bao nhieu km?",),
        "con huyen Cau Ngang?",
        "huyen Cau Ngang tu thang 7 den 22/9/2023 chinh trang cap duoc bao nhieu km?",
    ),
    # Questions that stand on their own are searched as typed.
    (
        ("bao nhiêu trạm BTS tháng 10/2023?",),
        "số hộp thư điện tử công vụ tháng 6/2023 là bao nhiêu?",
        "số hộp thư điện tử công vụ tháng 6/2023 là bao nhiêu?",
    ),
    (
        ("bao nhiêu trạm BTS?",),
        "có bao nhiêu điểm phục vụ bưu chính?",
        "có bao nhiêu điểm phục vụ bưu chính?",
    ),
    (
        ("bao nhiêu trạm BTS tháng 10/2023?",),
        "huyện Cầu Ngang có bao nhiêu trạm truyền thanh năm 2017?",
        "huyện Cầu Ngang có bao nhiêu trạm truyền thanh năm 2017?",
    ),
    ((), "còn tháng 6/2023 thì sao?", "còn tháng 6/2023 thì sao?"),
    # A range is not a comparison: the follow-up's range replaces the period.
    (
        ("Viettel chỉnh trang cáp ở thị xã Duyên Hải bao nhiêu km tháng 10/2023?",),
        "còn từ tháng 4 đến tháng 7/2023?",
        "Viettel chỉnh trang cáp ở thị xã Duyên Hải bao nhiêu km từ tháng 4 đến tháng 7/2023?",
    ),
    # Without diacritics the same rules hold.
    (
        ("so thue bao di dong nam 2017",),
        "con 9 thang dau nam 2021?",
        "so thue bao di dong 9 thang dau nam 2021?",
    ),
    (
        ("tong so tien phat thang 10/2021",),
        "so voi 9 thang dau nam 2021?",
        "tong so tien phat thang 10/2021 so với 9 thang dau nam 2021?",
    ),
]


def _history(user_turns: tuple[str, ...]) -> list[Turn]:
    turns: list[Turn] = []
    for text in user_turns:
        turns += [Turn("user", text), Turn("assistant", "…")]
    return turns


def test_there_are_at_least_thirty_dialogues():
    assert len(DIALOGUES) >= 30


@pytest.mark.parametrize(("earlier", "follow_up", "expected"), DIALOGUES, ids=[d[1] for d in DIALOGUES])
def test_follow_up_becomes_standalone(earlier, follow_up, expected):
    assert standalone_question(follow_up, _history(earlier)) == expected


def test_a_long_conversation_reads_only_its_last_turns():
    history = _history(("bao nhiêu trạm BTS tháng 10/2023?",) * 2000)
    assert standalone_question("còn tháng 6/2023 thì sao?", history) == "bao nhiêu trạm BTS tháng 6/2023?"
