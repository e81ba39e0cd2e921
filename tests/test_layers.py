"""Dependencies point one way: index <- assistant <- ui, eval; retrieval knows nothing of answering."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# For each package (or module), the top-level packages and modules it may not import.
FORBIDDEN = {
    "index": {"assistant", "ui", "eval"},
    "assistant": {"ui", "eval"},
    # Finding passages does not depend on choosing the words that answer.
    "assistant/retrieval.py": {"assistant.evidence", "assistant.answer", "assistant.service"},
    "assistant/rerank.py": {"assistant.evidence", "assistant.answer", "assistant.service"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_no_module_imports_a_layer_above_it(part: str) -> None:
    files = [ROOT / part] if part.endswith(".py") else sorted((ROOT / part).rglob("*.py"))
    assert files
    found = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in files
        for name in _imports(path)
        if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[part])
    ]
    assert not found, found
