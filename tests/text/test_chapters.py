"""Students read chapter titles, never our file numbers ("seed 001"): every string literal in the
packages that reach the page, and the texts built at run time, are checked."""

import ast
import re
from pathlib import Path

import pytest

from practice.review import review_questions
from settings.presets import SEED_LAYERS
from text import prose
from text.chapters import CHAPTER_SIX, CHAPTERS, CS231N

ROOT = Path(__file__).resolve().parents[2]
STUDENT_FACING = ("app.py", "app_pages", "ui", "lessons", "text", "practice", "viz", "settings")
FILE_NUMBER = re.compile(r"seed\s*0|\b00[0-3]_[0-9a-f]{6}", re.IGNORECASE)


def literals(path: Path) -> list[str]:
    """Every string constant in a module, f-strings' literal parts included."""
    tree = ast.parse(path.read_text())
    nodes = ast.walk(tree)
    return [node.value for node in nodes if isinstance(node, ast.Constant) and isinstance(node.value, str)]


def modules() -> list[Path]:
    found = []
    for name in STUDENT_FACING:
        found += [ROOT / name] if name.endswith(".py") else sorted((ROOT / name).rglob("*.py"))
    return found


def test_the_detector_finds_a_file_number():
    assert FILE_NUMBER.search("as seed 001 says") and FILE_NUMBER.search("see 003_aea9f37c17b49e21.txt")
    assert not FILE_NUMBER.search("the seed 42 gives the same numbers")


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_string_in_the_app_names_a_chapter_by_file_number(path):
    assert [text for text in literals(path) if FILE_NUMBER.search(text)] == []


def test_texts_built_at_run_time_name_no_file_number():
    texts = [label for label, *_ in SEED_LAYERS]
    texts += [value for value in vars(prose).values() if isinstance(value, str)]
    for exercise in review_questions():
        texts += [exercise.question, exercise.solution, exercise.answer_text, *exercise.choices]
    assert [text for text in texts if FILE_NUMBER.search(text)] == []


def test_the_chapters_errors_are_pointed_out_by_title():
    assert CHAPTER_SIX in prose.EQUIVARIANCE  # it calls convolution translation invariant
    wrong_size = next(label for label, *_ in SEED_LAYERS if "16x16x3" in label)
    assert CHAPTER_SIX in wrong_size and "14x14" in wrong_size
    assert all(CS231N in label for label, *_ in SEED_LAYERS if label.startswith("AlexNet"))


def test_each_chapter_is_named_by_its_own_title():
    seeds = Path("/work/shared/seeds")
    if not seeds.exists():
        pytest.skip("the chapters are not on this machine")
    files = sorted(seeds.glob("00[0-3]_*.txt"))
    for name, path in zip(CHAPTERS, files):
        head = path.read_text(encoding="utf-8", errors="replace")[:400]
        title = re.search(r"“(.+)”", name).group(1)
        assert title.replace("§ ", "") in head.replace("ยง ", "").replace("§ ", "")
