"""End to end with the real embedding model on the bundled reports (indexed once per run)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow
BTS_QUESTION = "bao nhiêu trạm BTS tháng 10/2023?"


def test_bts_october_2023(real_assistant):
    answer = real_assistant.ask(BTS_QUESTION)
    assert not answer.abstained and "1.286" in answer.text
    citation = answer.citations[0]
    assert citation.report_file == "000_773a491ad26e4c27.txt"
    assert citation.section.split(" > ")[-1] == "3. Lĩnh vực viễn thông"
    assert "1.286" in citation.quote


def test_without_diacritics_and_other_period(real_assistant):
    answer = real_assistant.ask("bao nhieu tram BTS thang 6/2023")
    assert "1.222" in answer.text and answer.citations[0].report_file == "001_448a9129cc2f7b34.txt"


def test_real_model_embeds_with_its_prompts(real_embedder):
    assert real_embedder._query_prompt == "query" and real_embedder._document_prompt == "document"
    assert len(real_embedder.embed_query("trạm BTS")) == 768


def _cli(settings, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BAOCAO_DATA_DIR": str(settings.data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "ui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def test_cli_ask_json_and_jsonl(real_assistant, real_settings, tmp_path):
    done = _cli(real_settings, "ask", "--json", BTS_QUESTION)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert (
        "1.286" in payload["answer"] and payload["citations"][0]["report_file"] == "000_773a491ad26e4c27.txt"
    )
    requests = tmp_path / "q.jsonl"
    requests.write_text(
        "\n".join(
            json.dumps(r, ensure_ascii=False)
            for r in [
                {"id": "a", "question": BTS_QUESTION, "history": []},
                {
                    "id": "b",
                    "question": "còn tháng 6/2023 thì sao?",
                    "history": [
                        {"role": "user", "content": BTS_QUESTION},
                        {"role": "assistant", "content": "1.286"},
                    ],
                },
            ]
        ),
        encoding="utf-8",
    )
    done = _cli(real_settings, "ask", "--jsonl", str(requests))
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    assert "1.286" in rows[0]["answer"] and "1.222" in rows[1]["answer"]


def test_reingest_unchanged_reports_embeds_nothing(real_assistant, real_settings):
    done = _cli(real_settings, "ingest", str(ROOT / "data" / "reports"))
    assert done.returncode == 0, done.stderr
    assert "không đổi: 5" in done.stdout and "đoạn nhúng mới: 0" in done.stdout
