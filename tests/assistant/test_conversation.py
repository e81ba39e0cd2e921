from assistant.conversation import Turn, standalone_question


def dialogue(*user_turns: str) -> list[Turn]:
    turns = []
    for text in user_turns:
        turns += [Turn("user", text), Turn("assistant", "…")]
    return turns


def test_new_period_keeps_the_metric():
    history = dialogue("bao nhiêu trạm BTS tháng 10/2023?")
    assert standalone_question("còn tháng 6/2023 thì sao?", history) == "bao nhiêu trạm BTS tháng 6/2023?"


def test_new_metric_keeps_the_period():
    history = dialogue("số điểm phục vụ bưu chính tháng 10/2023?")
    assert (
        standalone_question("trong đó có bao nhiêu bưu cục?", history)
        == "trong đó có bao nhiêu bưu cục tháng 10/2023?"
    )


def test_standalone_question_is_left_alone():
    history = dialogue("bao nhiêu trạm BTS tháng 10/2023?")
    question = "số hộp thư điện tử công vụ tháng 6/2023 là bao nhiêu?"
    assert standalone_question(question, history) == question


def test_no_history():
    assert standalone_question("còn tháng 6/2023 thì sao?", []) == "còn tháng 6/2023 thì sao?"


def test_comparison_follow_up_keeps_both_periods():
    history = dialogue("số thuê bao cố định năm 2017?")
    assert (
        standalone_question("so với 9 tháng đầu năm 2021?", history)
        == "số thuê bao cố định năm 2017 so với 9 tháng đầu năm 2021?"
    )
