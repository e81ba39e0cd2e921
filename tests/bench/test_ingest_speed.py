from bench.corpus import generate
from bench.ingest_speed import measure, table
from index.embedder import HashingEmbedder


def test_ingest_is_measured_beside_the_bare_model_and_reingest(tmp_path):
    paths = generate(2, tmp_path / "reports", seed=3)
    embedder = HashingEmbedder()
    result = measure(embedder, embedder.name, paths, tmp_path, 700)
    assert result["reports"] == 2 and result["chunks"] > 50 and result["failed"] == []
    # The bare model embedded exactly what the ingest embeds (chunks and clauses), then the ingest did.
    from bench.ingest_speed import clause_texts

    clauses = len(clause_texts(paths, 700))
    assert embedder.documents_embedded == 2 * (result["chunks"] + clauses) + 8  # and a warm-up of 8
    assert result["ingest_over_chunks_only"] > 1
    assert result["ingest_over_bare"] > 0 and result["reingest_unchanged_reports"] == 2
    assert "lập chỉ mục / chỉ mô hình" in table(result)
