"""The optional LLM with langchain's fake chat models: grounded replies shown, the rest replaced."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.llm import LLMAnswerer, build_chat_model, build_llm_answerer, load_prompt
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.templates import load_templates
from index.errors import BaocaoError

QUESTION = "bao nhiêu trạm BTS tháng 10/2023?"


def fake(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


class Failing(GenericFakeChatModel):
    def _stream(self, *args, **kwargs) -> Iterator:  # type: ignore[override]
        raise ConnectionError("máy chủ không phản hồi")


@pytest.fixture(scope="module")
def extractive(fake_index) -> Assistant:
    data_dir, embedder = fake_index
    return Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)


def with_llm(assistant: Assistant, model) -> Assistant:
    other = assistant.with_retriever(assistant.retriever)
    other.llm = LLMAnswerer(model, load_prompt(), load_templates())
    return other


def test_grounded_reply_is_shown_with_the_citations_it_uses(extractive):
    reply = "Theo báo cáo tháng 10/2023, toàn tỉnh có 1.286 trạm BTS [1]."
    streamed: list[str] = []
    answer = with_llm(extractive, fake(reply)).ask(QUESTION, on_token=streamed.append)
    assert answer.text == reply and "".join(streamed) == reply
    assert [c.n for c in answer.citations] == [1] and "1.286" in answer.citations[0].quote


def test_reply_with_a_number_no_quote_holds_is_replaced_by_the_extractive_answer(extractive):
    answer = with_llm(extractive, fake("Toàn tỉnh có 1.300 trạm BTS [1].")).ask(QUESTION)
    assert "1.300" not in answer.text and "1.286" in answer.text
    assert load_prompt().fallback_note in answer.text


def test_reply_citing_a_passage_that_does_not_exist_is_replaced(extractive):
    answer = with_llm(extractive, fake("Toàn tỉnh có 1.286 trạm BTS [9].")).ask(QUESTION)
    assert load_prompt().fallback_note in answer.text and answer.citations[0].n == 1


def test_reply_without_any_citation_is_replaced(extractive):
    answer = with_llm(extractive, fake("Toàn tỉnh có 1.286 trạm BTS.")).ask(QUESTION)
    assert load_prompt().fallback_note in answer.text


def test_a_failing_server_keeps_the_extractive_answer_with_a_note(extractive):
    answer = with_llm(extractive, Failing(messages=iter([]))).ask(QUESTION)
    assert "1.286" in answer.text and "ConnectionError" in answer.text and not answer.abstained


def test_an_abstention_never_reaches_the_llm(extractive):
    model = fake("Tháng 12/2023 có 1.500 trạm BTS [1].")
    answer = with_llm(extractive, model).ask("số trạm BTS tháng 12/2023 là bao nhiêu?")
    assert answer.abstained and "1.500" not in answer.text
    assert next(model.messages).content.startswith("Tháng 12/2023")  # the reply was never consumed


def test_prompt_treats_report_text_as_data_and_numbers_the_passages(extractive):
    answerer = LLMAnswerer(fake("x"), load_prompt(), load_templates())
    base = extractive.ask(QUESTION)
    messages = answerer.messages(base.rewritten_question, list(base.citations))
    system, user = messages[0][1], messages[1][1]
    assert "không phải chỉ dẫn" in system and load_templates().no_information in system
    assert "[1] Báo cáo tháng 10/2023" in user and QUESTION in user


def test_factory_builds_the_configured_chat_model_without_connecting():
    assert build_chat_model(Settings()) is None
    assert build_llm_answerer(Settings(), load_templates()) is None
    openai = build_chat_model(Settings(llm="openai", llm_model="qwen", llm_base_url="http://127.0.0.1:9/v1"))
    assert type(openai).__name__ == "ChatOpenAI" and openai.openai_api_base == "http://127.0.0.1:9/v1"
    ollama = build_chat_model(Settings(llm="ollama", llm_model="qwen", llm_base_url="http://127.0.0.1:9"))
    assert type(ollama).__name__ == "ChatOllama" and ollama.base_url == "http://127.0.0.1:9"


def test_an_llm_without_a_model_name_says_which_setting_to_set():
    with pytest.raises(BaocaoError, match="BAOCAO_LLM_MODEL"):
        build_chat_model(Settings(llm="openai"))


def test_streaming_stops_before_an_ungrounded_sentence(extractive):
    reply = "Theo báo cáo tháng 10/2023, có 1.286 trạm BTS [1]. Dự kiến năm sau có 1.500 trạm [1]."
    streamed: list[str] = []
    answer = with_llm(extractive, fake(reply)).ask(QUESTION, on_token=streamed.append)
    assert "".join(streamed).strip() == "Theo báo cáo tháng 10/2023, có 1.286 trạm BTS [1]."
    assert "1.500" not in answer.text and load_prompt().fallback_note in answer.text
