from index.markup import Line, plain_lines


def test_markdown_heading_loses_markers():
    assert plain_lines("#### **I. CÔNG TÁC QUẢN LÝ NHÀ NƯỚC**") == [
        Line("I. CÔNG TÁC QUẢN LÝ NHÀ NƯỚC", True)
    ]


def test_bold_lead_glued_to_its_first_item_is_split():
    assert plain_lines("*** Khu vực xã Kim Hòa:** Di dời 03 trụ bê tông.") == [
        Line("Khu vực xã Kim Hòa:", True),
        Line("Di dời 03 trụ bê tông.", False),
    ]


def test_appendix_glued_to_title_and_first_heading():
    lines = plain_lines(
        "Phụ lục**Các tuyến đường được chỉnh trang***(Kèm theo Báo cáo)***1. THÀNH PHỐ TRÀ VINH**"
    )
    assert [line.text for line in lines] == [
        "Phụ lục",
        "Các tuyến đường được chỉnh trang",
        "(Kèm theo Báo cáo)",
        "1. THÀNH PHỐ TRÀ VINH",
    ]


def test_inline_bold_inside_a_sentence_is_only_unmarked():
    assert plain_lines("- Hệ thống **iOffice** hoạt động ổn định.") == [
        Line("- Hệ thống iOffice hoạt động ổn định.", False)
    ]
