import pytest

from assistant.settings import Settings
from bench.embedder_variants import (
    Variant,
    differences,
    length_profile,
    measure_variant,
    parse_variants,
    table,
)
from index.embedder import HashingEmbedder


def test_variants_are_read_in_order_and_bad_ones_named():
    assert parse_variants("512, 256,512-int8") == [Variant(512), Variant(256), Variant(512, int8=True)]
    assert Variant(384, int8=True).label == "384-int8"
    for bad in ("int8", "512-fp16", "16", ""):
        with pytest.raises(ValueError, match="biến thể|trống"):
            parse_variants(bad)


def test_length_profile_counts_the_passages_each_limit_cuts():
    profile = length_profile([100, 200, 300, 390, 250], [512, 256, 256])
    assert profile["passages"] == 5 and profile["max"] == 390 and profile["p50"] == 250
    assert profile["cut_by"] == {"256": 2, "512": 0}
    assert length_profile([], [512]) == {"passages": 0}


def test_differences_name_the_questions_lost_and_gained():
    reference = [
        {"id": "a", "correct": True, "answer": "1.286 trạm"},
        {"id": "b", "correct": False, "answer": "không có"},
        {"id": "c", "correct": True, "answer": "x"},
    ]
    other = [
        {"id": "c", "correct": True, "answer": "y"},
        {"id": "a", "correct": False, "answer": "1.280 trạm"},
        {"id": "b", "correct": True, "answer": "không có"},
    ]
    assert differences(reference, other) == {"lost": ["a"], "gained": ["b"], "answer_text_changed": 2}
    assert differences(reference, reference) == {"lost": [], "gained": [], "answer_text_changed": 0}


def test_a_variant_is_indexed_timed_and_evaluated_in_its_own_folder(tmp_path):
    embedder = HashingEmbedder()
    entry = measure_variant(Settings(), Variant(256), embedder, tmp_path, ["số trạm BTS tháng 10/2023?"] * 6)
    assert (tmp_path / "256" / "manifest.json").exists()
    assert entry["passages"] > 200 and entry["failed"] == [] and entry["passages_per_s"] > 0
    assert entry["query_embedding"]["n"] == 6
    assert len(entry["rows"]) > 200 and 0 < entry["correct"] < 1
    other = {**entry, "variant": "256-int8", "against_reference": differences(entry["rows"], entry["rows"])}
    printed = table({"variants": [entry, other], "token_lengths": length_profile([10, 300], [256])})
    assert "| 256 |" in printed and "tham chiếu" in printed and "| 0 / 0 | 0 |" in printed
    assert "256: 1" in printed
