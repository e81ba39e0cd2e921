import json

from bench.scale import (
    ADDED_SENTENCE,
    ReusedVectors,
    main,
    masked,
    month_of,
    moved_questions,
    with_added_sentence,
)
from index.embedder import HashingEmbedder


def test_a_passage_with_other_numbers_reuses_the_vector_and_a_new_one_is_embedded():
    model = HashingEmbedder()
    seen = "Toàn tỉnh có 1.286 trạm BTS, tăng 12 trạm so với tháng 9/2023."
    embedder = ReusedVectors(model, {masked(seen): model.embed_documents([seen])[0]})
    other_numbers = "Toàn tỉnh có 1.301 trạm BTS, tăng 15 trạm so với tháng 4/2016."
    new_text = "Cấp 3 giấy phép bưu chính."
    vectors = embedder.embed_documents([other_numbers, new_text, new_text])
    assert vectors[0] == model.embed_documents([seen])[0]
    assert vectors[1] == vectors[2] == model.embed_documents([new_text])[0]
    assert (embedder.reused, embedder.embedded) == (2, 1)  # the new text embedded once, then reused
    assert masked("31.888,142 tỷ; 57,96%") == "# tỷ; #%"


def test_questions_are_moved_to_months_the_set_holds():
    questions = ["Số trạm BTS tháng 10/2023?", "Doanh thu tháng 6 năm 2023?", "Năm 2021 có bao nhiêu vụ?"]
    held = {month_of(k) for k in range(7)}
    for moved in moved_questions(questions, 7, 3, seed=1):
        assert "2023" not in moved and "2021" not in moved
    first, second, _ = moved_questions(questions, 7, 3, seed=1)
    month, year = (int(x) for x in first.removeprefix("Số trạm BTS tháng ").rstrip("?").split("/"))
    assert (month, year) in held
    assert second.startswith("Doanh thu tháng ") and " năm 2015" in second


def test_the_added_sentence_goes_under_the_first_numbered_heading():
    text = "BÁO CÁO\nI. KẾT QUẢ\n1. Viễn thông\nCó 5 trạm.\nNơi nhận:\n- Bộ TT&TT;"
    assert with_added_sentence(text).splitlines()[3] == ADDED_SENTENCE.strip()
    assert with_added_sentence("Có 5 trạm.").endswith(ADDED_SENTENCE)


def test_a_small_run_measures_every_size_in_its_own_processes(tmp_path, capsys):
    out = tmp_path / "scale.json"
    assert main(["--sizes", "2,3", "--questions", "4", "--hashing", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    small, large = result["sizes"]["2"], result["sizes"]["3"]
    assert small["ingest"]["reports"] == 2 and large["ingest"]["reports"] == 3
    assert large["ingest"]["chunks"] > small["ingest"]["chunks"] > 50
    for node, size in ((small, 2), (large, 3)):
        ingest = node["ingest"]
        assert ingest["failed"] == [] and ingest["model_embedded_chunks"] == 0  # all vectors reused
        assert ingest["reingest_unchanged_reports"] == size and ingest["reingest_changed_reports"] == 1
        assert ingest["reingest_changed_chunks_embedded"] >= 1  # the added sentence, by the model
        assert node["query"]["stats"]["answer"]["n"] == 4 and node["index_mb"] > 0
        assert ingest["peak_memory_mb"] > 0 and node["query"]["peak_memory_mb"] > 0
        assert node["query"]["assistant_first_ready_s"] > 0 and node["query"]["assistant_ready_s"] > 0
    assert result["ingest_ratio"]["reports"] == 3
    printed = capsys.readouterr().out
    assert "| trả lời đầy đủ p50 / p95 (ms) |" in printed and "lần đầu / các lần sau" in printed
