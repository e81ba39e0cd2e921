from index.unwrap import drop_page_numbers, join_lines, paragraphs

WRAPPED = "\n\n".join(
    [
        "- Phối hợp với các cơ quan, doanh nghiệp có liên quan thống kê tình hình lắp ",
        "đặt trạm BTS tại trụ sở cơ quan, tổ chức, đơn vị trên địa bàn; rà soát, thống kê các ",
        "công trình tháp truyền thông trên địa bàn tỉnh Trà Vinh giai đoạn 2021-",
        "2025; Kế hoạch công tác thông tin đối ngoại năm 2021 của Sở Thông tin và ",
        "Truyền thông tỉnh Trà Vinh được ban hành đúng hạn theo quy định hiện hành. ",
        "3. Lĩnh vực viễn thông ",
        "- Phổ biến các Thông tư số 04/2021/TT-BTTTT ngày 13/8/2021 về việc Quy định ",
        "chi tiết và hướng dẫn thủ tục cấp giấy phép sử dụng tần số vô tuyến điện. ",
    ]
    * 4
)


def test_wrapped_lines_join_into_paragraphs_and_headings_stay_apart():
    paras = paragraphs(WRAPPED)
    assert paras[0].startswith("- Phối hợp") and "lắp đặt trạm BTS" in paras[0]
    assert "giai đoạn 2021-2025; Kế hoạch" in paras[0]
    assert paras[1] == "3. Lĩnh vực viễn thông"
    assert paras[2].endswith("tần số vô tuyến điện.")
    assert len(paras) == 12


def test_page_numbers_between_blank_lines_are_dropped():
    lines = ["văn bản.", "", "  9 ", "", "6.2. Báo chí"]
    assert drop_page_numbers(lines) == ["văn bản.", "", "", "6.2. Báo chí"]


def test_hyphen_split_tokens_rejoin_without_space():
    assert join_lines("Quyết định số 45/2016/QĐ-", "TTg báo cáo") == "Quyết định số 45/2016/QĐ-TTg báo cáo"
    assert join_lines("cáp quang", "ngầm") == "cáp quang ngầm"


def test_whole_paragraph_lines_are_kept_but_a_lowercase_tail_rejoins():
    text = "Hạ tầng mạng hoạt động ổn\n\nđịnh, thông suốt.\n\n- Mục khác."
    assert paragraphs(text) == ["Hạ tầng mạng hoạt động ổn định, thông suốt.", "- Mục khác."]
