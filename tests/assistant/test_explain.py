"""The trace of an answer: what the question was read as, what was ruled out and why, what decided."""

import pytest

from assistant.explain import CONSTRAINTS, explanation_json, load_explain_templates, render_explanation
from assistant.service import Assistant
from assistant.settings import Settings


@pytest.fixture(scope="module")
def assistant(fake_index) -> Assistant:
    data_dir, embedder = fake_index
    return Assistant.from_settings(Settings(data_dir=data_dir), embedder=embedder)


def test_every_constraint_has_a_name():
    assert set(CONSTRAINTS) <= set(load_explain_templates().constraint)


def test_an_answer_carries_its_reading_candidates_and_decision(assistant):
    answer = assistant.ask("bao nhiêu trạm BTS tháng 10/2023?")
    explanation = answer.explanation
    assert explanation.analysis.figure and [p.label() for p in explanation.analysis.periods] == [
        "tháng 10/2023"
    ]
    assert explanation.route == "answer" and explanation.decision == "answered"
    (trace,) = explanation.evidence
    # The clause quoted is the best scored one, and every score adds up.
    assert trace.scored and trace.scored[0].text in answer.citations[0].quote
    assert all(abs(c.total - c.words - 2.0 * c.model) < 1e-9 for c in trace.scored)
    text = render_explanation(answer, load_explain_templates())
    assert "tháng 10/2023" in text and "1.286" in text
    assert explanation_json(explanation)["decision"] == "answered"


def test_a_refusal_says_which_constraint_decided(assistant):
    # The bundled reports name this district's figures nowhere.
    answer = assistant.ask("Huyện Mỏ Cày có bao nhiêu trạm BTS tháng 10/2023?")
    assert answer.abstained
    explanation = answer.explanation
    assert explanation.decision == "no_candidate"
    assert dict(explanation.evidence[-1].ruled_out).get("place")
    assert "Huyện Mỏ Cày" in answer.text  # the refusal names what the reports lack
    templates = load_explain_templates()
    assert templates.constraint["place"] in render_explanation(answer, templates)
