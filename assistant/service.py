"""The assistant: the one entry point the CLI, the UI and the evaluation call."""

from __future__ import annotations

import copy
import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

from assistant.about_report import answer_about_report
from assistant.analysis import QuestionAnalysis, analyse
from assistant.answer import abstain, compose, compose_comparison
from assistant.clause_model import ClauseModel
from assistant.conversation import Turn, standalone_question
from assistant.explain import EvidenceTrace, Explanation
from assistant.guard import cited, passes
from assistant.intent import strip_comparison, strip_trend
from assistant.llm import LLMAnswerer, build_llm_answerer
from assistant.rerank import Reranker, SignalReranker, build_reranker
from assistant.retrieval import HybridRetriever, RetrievalMode
from assistant.scope import LEVEL_NAMES
from assistant.search_state import build_search_state, load_or_build, state_key
from assistant.settings import Settings
from assistant.templates import Templates, load_templates
from assistant.trend import compose_trend
from assistant.types import Answer, Citation, Retrieval, RetrievedChunk
from index import clause_vectors
from index.errors import EmptyQuestionError, IndexMissingError
from index.figures import Figure
from index.manifest import IndexPaths, load_manifest
from index.metadata import named_provinces, province_of
from index.report_store import load_report_figures, load_report_json, page_at, period_from_dict
from index.store import ChunkStore
from index.types import Chunk, Period, Report
from index.vocabulary import load_vocabulary

if TYPE_CHECKING:
    from index.ingest import Ingestor

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 2000  # a question, not a document: longer text is refused before any search


@dataclass(frozen=True)
class Source:
    """Where a citation's quote stands: its section's text, and the quote's span within it."""

    report_file: str
    report_title: str
    period: str
    section: str  # heading path
    text: str  # the section's body (the whole report's text when the quote is outside any section)
    quote_start: int  # offsets of the quote in `text`
    quote_end: int
    page: int | None = None
    low_confidence: bool = False  # the quote stands on a page OCR read with low confidence


@dataclass(frozen=True)
class ReportInfo:
    file_name: str
    title: str
    period: Period | None
    plan_period: Period | None
    province: str | None = None  # "Trà Vinh" of "UBND TỈNH TRÀ VINH", from the letterhead

    @property
    def period_label(self) -> str:
        return self.period.label() if self.period else "không rõ kỳ"


def build_embedder(settings: Settings) -> Any:
    from index.embedder import load_sentence_transformer

    return load_sentence_transformer(
        settings.embedding_model, settings.model_path, settings.max_seq_length, settings.embed_batch_size
    )


def build_ingestor(settings: Settings, embedder: Embeddings) -> Ingestor:
    """The ingestor of the configured index (the CLI's and the UI's uploads), with a loaded model."""
    from index.ingest import Ingestor

    return Ingestor(
        IndexPaths(settings.data_dir),
        open_store(settings),
        embedder,
        settings.embedding_model,
        settings.chunk_max_chars,
    )


def open_store(settings: Settings) -> ChunkStore:
    """The embedded store in the data folder, or the Chroma server `BAOCAO_CHROMA_URL` names."""
    if settings.chroma_url:
        return ChunkStore.http(settings.chroma_url)
    return ChunkStore.persistent(IndexPaths(settings.data_dir).chroma_dir)


class Assistant:
    def __init__(
        self,
        paths: IndexPaths,
        store: ChunkStore,
        embedder: Embeddings,
        templates: Templates,
        top_k: int = 10,
        reranker: Reranker | None = None,
        mode: RetrievalMode = "hybrid",
        dense_weight: float = 0.7,
        llm: LLMAnswerer | None = None,
    ) -> None:
        manifest = load_manifest(paths.manifest)
        if manifest is None or not manifest.reports:
            raise IndexMissingError(templates.no_index)
        self.paths = paths
        self.store = store
        self.templates = templates
        self.top_k = top_k
        self.llm = llm
        self._texts: dict[str, str] = {}
        self._pages: dict[str, tuple[tuple[tuple[int, int], ...], frozenset[int]]] = {}
        self.clause_model = ClauseModel(lambda name: clause_vectors.load(paths.report_clauses(name)))
        self.reports = sorted(
            (
                ReportInfo(
                    name,
                    e["title"],
                    period_from_dict(e["period"]),
                    period_from_dict(e["plan_period"]),
                    province_of(e.get("parent_agency")),
                )
                for name, e in manifest.reports.items()
            ),
            key=lambda r: (r.period.end if r.period else date.min, r.file_name),
            reverse=True,
        )
        self.vocabulary = load_vocabulary()
        state = load_or_build(
            paths.search_state,
            state_key(manifest.to_json(), self.vocabulary),
            lambda: build_search_state(paths, store, (r.file_name for r in self.reports), self.vocabulary),
            {chunk_id for entry in manifest.reports.values() for chunk_id in entry["chunks"]},
        )
        chunks = state.chunks
        by_report: dict[str, list[Chunk]] = {}
        for c in chunks:
            by_report.setdefault(c.report_file, []).append(c)
        self._by_report = {name: sorted(cs, key=lambda c: c.start) for name, cs in by_report.items()}
        # Only questions across periods read the figure tables: loaded the first time one is asked.
        self._figures: list[Figure] | None = None
        self._figures_lock = threading.Lock()
        self._read_figures: Callable[[], list[Figure]] = lambda: [
            f for r in self.reports for f in load_report_figures(paths, r.file_name, chunks)
        ]
        self.retriever = HybridRetriever(
            store,
            embedder,
            chunks,
            self.vocabulary,
            reranker=reranker or SignalReranker(),
            mode=mode,
            dense_weight=dense_weight,
            restorer=state.restorer,
            lexical=state.lexical,
        )

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embeddings | None = None) -> Assistant:
        paths = IndexPaths(settings.data_dir)
        templates = load_templates()
        manifest = load_manifest(paths.manifest)
        if manifest is None:
            raise IndexMissingError(templates.no_index)
        if embedder is None and manifest.embedder != settings.embedding_model:
            # Questions embedded by another model than the reports would find nothing that fits.
            raise IndexMissingError(
                templates.other_model.format(indexed=manifest.embedder, configured=settings.embedding_model)
            )
        llm = build_llm_answerer(settings, templates)
        return cls(
            paths,
            open_store(settings),
            embedder or build_embedder(settings),
            templates,
            settings.top_k,
            build_reranker(settings.reranker),
            settings.retrieval_mode,
            settings.dense_weight,
            llm,
        )

    def with_retriever(self, retriever: HybridRetriever) -> Assistant:
        """This assistant answering from another retriever (the evaluation compares them)."""
        other = copy.copy(self)
        other.retriever = retriever
        return other

    def restricted(self, report_files: Collection[str]) -> Assistant:
        """This assistant answering only from `report_files` (the UI's filter); the periods it says it
        has are theirs."""
        chosen = frozenset(report_files)
        other = copy.copy(self)
        other.retriever = self.retriever.variant(only=chosen)
        other.reports = [r for r in self.reports if r.file_name in chosen]
        other._figures = None
        other._figures_lock = threading.Lock()
        other._read_figures = lambda: [f for f in self.figures if f.report_file in chosen]
        return other

    @property
    def figures(self) -> list[Figure]:
        """The figures every report states (saved at ingest), for questions across periods."""
        with self._figures_lock:
            if self._figures is None:
                self._figures = self._read_figures()
            return self._figures

    def available_periods(self) -> list[Period]:
        return [r.period for r in self.reports if r.period is not None]

    def report(self, file_name: str) -> Report:
        return load_report_json(self.paths.report_json(Path(file_name).name))

    def _sources(self, answer: Answer, standalone: str) -> tuple[RetrievedChunk, ...]:
        """The passages the answer's citations come from, newest first, then what retrieval finds."""
        cited: list[RetrievedChunk] = []
        for citation in sorted(answer.citations, key=lambda c: -c.n):
            chunk = next(
                (
                    c
                    for c in self._by_report.get(citation.report_file, [])
                    if c.start <= citation.start < c.end
                ),
                None,
            )
            if chunk is not None:
                cited.append(RetrievedChunk(chunk, 1.0))
        seen = {r.chunk.id for r in cited}
        found = [r for r in self.retriever.retrieve(standalone, self.top_k).chunks if r.chunk.id not in seen]
        return tuple([*cited, *found][: self.top_k])

    def neighbours(self, chunk: Chunk) -> list[Chunk]:
        """The passages just before and after `chunk` in its report."""
        ordered = self._by_report.get(chunk.report_file, [])
        at = next((i for i, c in enumerate(ordered) if c.id == chunk.id), None)
        return [] if at is None else ordered[max(0, at - 1) : at] + ordered[at + 1 : at + 2]

    def source_of(self, citation: Citation) -> Source:
        """The section a citation quotes, with the quoted span, for a reader to check it in context."""
        report = self.report(citation.report_file)
        section = next(
            (s for s in report.sections if s.start <= citation.start and citation.end <= s.end and s.body),
            None,
        )
        start, end = (section.start, section.end) if section else (0, len(report.text))
        page = page_at(report.page_starts, citation.start)
        return Source(
            citation.report_file,
            citation.report_title,
            citation.period,
            section.path_text if section else citation.section,
            report.text[start:end],
            citation.start - start,
            citation.end - start,
            page,
            page in report.low_confidence_pages,
        )

    def report_text(self, file_name: str) -> str:
        """The report's normalised text, read once per assistant (citations' offsets point into it)."""
        if file_name not in self._texts:
            self._texts[file_name] = self.report(file_name).text
        return self._texts[file_name]

    def _pages_of(self, file_name: str) -> tuple[tuple[tuple[int, int], ...], frozenset[int]]:
        """The report's page starts and its low-confidence OCR pages, read once per assistant."""
        if file_name not in self._pages:
            report = self.report(file_name)
            self._pages[file_name] = (report.page_starts, frozenset(report.low_confidence_pages))
        return self._pages[file_name]

    def _with_pages(self, answer: Answer) -> Answer:
        """Each citation with the page its quote stands on, marked when OCR read that page poorly."""
        located = []
        for citation in answer.citations:
            starts, low = self._pages_of(citation.report_file)
            page = page_at(starts, citation.start)
            located.append(replace(citation, page=page, low_confidence=page in low))
        return replace(answer, citations=tuple(located)) if located else answer

    def ask(
        self, question: str, history: Sequence[Turn] = (), on_token: Callable[[str], None] | None = None
    ) -> Answer:
        """The answer to `question` after `history`. With an LLM set, `on_token` receives its reply as it
        comes, a sentence at a time and only sentences that pass the number guard; the returned Answer
        is what to show in the end (the extractive answer with a note when the reply failed)."""
        answer = self._with_pages(self._extractive(question, history))
        if not answer.abstained and not passes(
            answer.text, cited(answer.citations), answer.rewritten_question, answer.calculations
        ):
            # Cannot happen with verbatim quotes; kept so that no template change can slip a number in.
            log.warning("Câu trả lời không qua kiểm tra số liệu: %r", answer.text[:200])
            retrieval = Retrieval(answer.rewritten_question, answer.retrieved)
            refused = abstain(
                question, retrieval, [p.label() for p in self.available_periods()], self.templates
            )
            explanation = answer.explanation and replace(answer.explanation, decision="guard")
            return replace(refused, explanation=explanation)
        if self.llm is not None:
            answer = self.llm.answer(answer, on_token)
        return answer

    def _extractive(self, question: str, history: Sequence[Turn]) -> Answer:
        question = " ".join(question.split())
        if not question:
            raise EmptyQuestionError(self.templates.empty_question)
        if len(question) > MAX_QUESTION_CHARS:
            raise EmptyQuestionError(
                self.templates.long_question.format(length=len(question), limit=MAX_QUESTION_CHARS)
            )
        standalone = standalone_question(question, history)
        scoped = self._of_named_province(standalone)
        if scoped is not None:
            return scoped._extractive_standalone(question, standalone)
        return self._extractive_standalone(question, standalone)

    def _of_named_province(self, question: str) -> Assistant | None:
        """This assistant within the reports of the one province the question names, when the index
        holds reports of several ("… của tỉnh Vĩnh Long"): another province's figure is not the answer."""
        provinces = {r.province for r in self.reports if r.province}
        named = named_provinces(question, provinces)
        if len(provinces) < 2 or len(named) != 1:
            return None
        (province,) = named
        return self.restricted([r.file_name for r in self.reports if r.province == province])

    def _home_reports(self) -> set[str]:
        """The reports of the province most reports are of: a series across periods keeps to one
        province (a neighbour's report indexed for reference is no point of this province's series)."""
        provinces = Counter(r.province for r in self.reports if r.province)
        if len(provinces) < 2:
            return {r.file_name for r in self.reports}
        (home, _), *_ = provinces.most_common(1)
        return {r.file_name for r in self.reports if r.province in (home, None)}

    def _extractive_standalone(self, question: str, standalone: str) -> Answer:
        """The answer, with the trace of how it was reached (`Answer.explanation`)."""
        analysis = analyse(standalone)
        traces: list[EvidenceTrace] = []
        route, answer = self._route(question, analysis, traces.append)
        if not answer.abstained:
            top = next((t.scored[0] for t in traces if t.scored), None)
            cited = answer.citations[0].report_file if answer.citations else None
            # No period named: the latest report that holds the fact answers, not the best scored clause.
            latest = (
                route == "answer" and not analysis.periods and top is not None and top.report_file != cited
            )
            decision = "answered_latest" if latest else "answered"
        elif not traces:
            # The search stopped before reading any passage: no report of the period, or nothing found.
            decision = "no_report_for_period" if analysis.periods and not answer.retrieved else "no_candidate"
        elif all(not t.scored for t in traces):
            decision = "no_candidate"
        else:
            decision = "low_coverage"
        if decision == "no_candidate":
            answer = self._refusal_that_says_why(question, answer, analysis, traces[-1])
        explanation = Explanation(analysis, route, answer.retrieved, tuple(traces), decision)
        return replace(answer, explanation=explanation)

    def _refusal_that_says_why(
        self, question: str, answer: Answer, analysis: QuestionAnalysis, trace: EvidenceTrace
    ) -> Answer:
        """A refusal that names the constraint ruling out most clauses, when it is one a user can act on:
        the place asked for is named nowhere, or only targets exist."""
        ruled_out = dict(trace.ruled_out)
        decisive = max(("place", "plan"), key=lambda code: ruled_out.get(code, 0))
        if not ruled_out.get(decisive):
            return answer
        if decisive == "place" and (analysis.places or analysis.levels):
            named = [p.written or p.name for p in analysis.places] + [LEVEL_NAMES[v] for v in analysis.levels]
            reason = self.templates.no_information_for_place.format(places=", ".join(named))
        elif decisive == "plan" and not analysis.plan:
            reason = self.templates.no_information_only_plan
        else:
            return answer
        retrieval = Retrieval(answer.rewritten_question, answer.retrieved)
        return abstain(
            question, retrieval, [p.label() for p in self.available_periods()], self.templates, reason
        )

    def _route(
        self, question: str, analysis: QuestionAnalysis, on_trace: Callable[[EvidenceTrace], None]
    ) -> tuple[str, Answer]:
        """The strategy the analysis calls for, and its answer."""
        standalone, periods = analysis.text, list(analysis.periods)
        about = answer_about_report(
            question, standalone, [(r.file_name, r.period) for r in self.reports], self.report, self.templates
        )
        if about is not None:
            # What the passages say is still shown beside the answer (the UI and --json list it).
            return "about_report", replace(about, retrieved=self._sources(about, standalone))
        if analysis.route == "series":
            # A metric across periods: from the figures each report states (built at ingest).
            within = (
                (Period(min(p.start for p in periods), max(p.end for p in periods), periods[0].kind),)
                if periods
                else ()
            )
            home = self._home_reports()
            trend = compose_trend(
                question,
                standalone,
                strip_trend(analysis.topic),
                [f for f in self.figures if f.report_file in home],
                {r.file_name: r.title for r in self.reports},
                self.retriever.lexical,
                self.templates,
                self.vocabulary,
                within,
            )
            if trend is not None:
                return "series", replace(trend, retrieved=self._sources(trend, standalone))
        if analysis.route == "comparison":
            # A comparison: each period is searched on its own, so each value comes from its own report.
            # Each period is asked for its figure: "Hộp thư công vụ tháng 10/2021 là bao nhiêu?".
            topic = re.sub(r"\s+(?:và|va)$", "", strip_comparison(analysis.topic).rstrip(" ?"))
            asks = [f"{topic} {p.label()} là bao nhiêu?" for p in periods]
            parts = [self.retriever.retrieve(q, self.top_k) for q in asks]
            return "comparison", compose_comparison(
                question,
                standalone,
                parts,
                self.retriever.lexical,
                self.available_periods(),
                self.templates,
                self.vocabulary,
                self.report_text,
                on_trace,
            )
        retrieval = self.retriever.retrieve(standalone, self.top_k, analysis)
        return "answer", compose(
            question,
            retrieval,
            self.retriever.lexical,
            self.available_periods(),
            self.templates,
            self.vocabulary,
            self.report_text,
            self.neighbours,
            self.clause_model.similarity(retrieval.query_vector),
            on_trace,
        )
