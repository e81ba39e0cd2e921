"""CLI edges: clear one-line errors and exit codes, without loading the model."""

from __future__ import annotations

import pytest

from ui.cli import main


@pytest.fixture
def no_index(tmp_path, monkeypatch):
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))


def test_ask_without_index_says_which_command_fixes_it(no_index, capsys):
    assert main(["ask", "bao nhiêu trạm BTS?"]) == 1
    assert "baocao ingest" in capsys.readouterr().err


def test_empty_question(no_index, capsys):
    assert main(["ask", "  "]) == 1
    assert "Câu hỏi trống" in capsys.readouterr().err


def test_missing_model_says_which_command_fixes_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BAOCAO_MODEL_CACHE_DIR", str(tmp_path / "no-model"))
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(tmp_path / "data"))
    assert main(["ingest", str(tmp_path)]) == 1
    assert "baocao models fetch" in capsys.readouterr().err


def test_bad_setting_is_named(monkeypatch, capsys):
    monkeypatch.setenv("BAOCAO_TOP_K", "không-phải-số")
    assert main(["reports"]) == 1
    assert "top_k" in capsys.readouterr().err


def test_reports_lists_periods(fake_index, monkeypatch, capsys):
    monkeypatch.setenv("BAOCAO_DATA_DIR", str(fake_index[0]))
    assert main(["reports"]) == 0
    out = capsys.readouterr().out
    assert "000_773a491ad26e4c27.txt\ttháng 10/2023" in out and "năm 2017" in out


def test_chat_keeps_the_conversation_and_starts_anew(fake_index):
    import io

    from assistant.service import Assistant
    from assistant.settings import Settings
    from ui.cli import chat_loop

    data_dir, embedder = fake_index
    assistant = Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)
    out = io.StringIO()
    lines = [
        "bao nhiêu trạm BTS tháng 10/2023?",
        "còn tháng 6/2023 thì sao?",
        "/moi",
        "  ",
        "/thoat",
        "bỏ qua",
    ]
    assert chat_loop(assistant, iter(lines), out) == 2
    text = out.getvalue()
    assert "1.286" in text and "1.222" in text
    assert "“bao nhiêu trạm BTS tháng 6/2023?”" in text  # the rewritten question is shown
    assert "Cuộc trò chuyện mới" in text and "bỏ qua" not in text


def _results(path, outcome: str, answer: str) -> str:
    import json

    rows = [{"id": "q1", "outcome": outcome, "answer": answer, "question": "Câu hỏi?", "split": "dev"}]
    path.write_text(json.dumps({"meta": {}, "corpora": {"new": {"rows": rows}}}), encoding="utf-8")
    return str(path)


def test_eval_diff_of_two_results_files_lists_changed_verdicts(tmp_path, capsys):
    old = _results(tmp_path / "old.json", "correct", "Có 1.352 trạm [1].")
    new = _results(tmp_path / "new.json", "wrong", "Có 1.418 trạm [1].")
    assert main(["eval", "--diff", old, "--results", new]) == 0
    out = capsys.readouterr().out
    assert "q1: correct → wrong" in out and "1.352" in out and "1.418" in out


def test_eval_diff_names_a_file_that_is_not_a_result(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    assert main(["eval", "--diff", str(bad), "--results", str(bad)]) == 1
    assert "bad.json" in capsys.readouterr().err


def test_eval_unknown_corpus_is_refused_before_the_model_loads(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BAOCAO_MODEL_CACHE_DIR", str(tmp_path / "no-model"))
    assert main(["eval", "--corpus", "khac"]) == 1
    assert "bundled" in capsys.readouterr().err
