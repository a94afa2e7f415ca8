"""Imports only go downward (DESIGN 2): pages -> ui -> lessons -> (practice, viz, text) -> engine;
settings beside them. Only ui and the pages import Streamlit; only viz imports Plotly."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names)
LAYERS = {
    "engine": {"numpy", "engine"},
    "settings": {"numpy", "settings", "engine", "text"},
    "text": {"numpy", "text", "engine"},
    "viz": {"numpy", "plotly", "PIL", "viz", "text", "engine"},
    "practice": {"numpy", "practice", "settings", "text", "engine"},
    "lessons": {"numpy", "PIL", "lessons", "practice", "settings", "viz", "text", "engine"},
    "class_store": {"class_store", "psycopg_pool"},
    "ui": {
        *(
            "numpy",
            "PIL",
            "streamlit",
            "segno",
            "ui",
            "lessons",
            "practice",
            "settings",
            "viz",
            "text",
            "engine",
        ),
        "class_store",
    },
    "app_pages": {"streamlit", "ui", "settings", "lessons", "text"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_package_imports_only_what_its_layer_allows(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ holds no modules"
    for path in files:
        extra = imported_roots(path) - STDLIB - LAYERS[package]
        assert not extra, f"{path.relative_to(ROOT)} imports {sorted(extra)}"


def test_the_layer_test_sees_a_violation(tmp_path):
    bad = tmp_path / "page.py"
    bad.write_text("import numpy as np\nfrom engine.ops import conv\n")
    assert imported_roots(bad) - STDLIB - LAYERS["app_pages"] == {"numpy", "engine"}
