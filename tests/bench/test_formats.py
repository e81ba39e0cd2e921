from bench.formats import REPORTS, ingest_time, read_time, table
from index.embedder import HashingEmbedder


def test_reading_and_ingest_are_timed_per_report(tmp_path):
    embedder = HashingEmbedder()
    rows = []
    for name in ("bc-9-thang-2022-vinh-long.md", "bc-thang-01-2025.pdf"):
        row = read_time(REPORTS / name)
        row.update(ingest_time(REPORTS / name, embedder, embedder.name, 700, tmp_path))
        rows.append(row)
    markdown, pdf = rows
    assert markdown["format"] == "md" and markdown["table_rows"] >= 10 and markdown["ocr_pages"] == 0
    assert pdf["pages"] >= 5 and pdf["ocr_s_per_page"] is None
    assert all(r["chunks"] > 20 and r["failed"] == [] and r["ingest_s"] > 0 for r in rows)
    assert "| bc-thang-01-2025.pdf | pdf |" in table({"reports": rows})
