"""Reading a student's answer: the numbers in what they typed, however they wrote them.

"31", "31x31", "31 × 31", "(31, 31)" and "31 by 31" all read as 31 and 31; "2,432" reads as
2432 when one number is expected, and "0, 16,448" as 0 and 16448 when two are; "−1", "0.25",
".5" and "7/3" are numbers. Nothing is evaluated.
"""

from __future__ import annotations

import math
import re

NUMBER = re.compile(r"(?:(?<![\d.])[-−–])?(?:\d+(?:\.\d+)?|\.\d+)(?:\s*/\s*\d+(?:\.\d+)?)?")
THOUSANDS = re.compile(r"(?<=\d)[,_\s](?=\d{3}(?!\d))")
GROUPED = re.compile(r"(?<=\d)[,_](?=\d{3}(?!\d))")  # "16,448" among several numbers
TOLERANCE = 0.01  # answers are asked to two decimals


def _value(token: str) -> float:
    numerator, _, denominator = token.replace("−", "-").replace("–", "-").partition("/")
    value = float(numerator)
    if denominator:
        if float(denominator) == 0:
            raise ValueError(f"{token.strip()} divides by zero")
        value /= float(denominator)
    return value


def read_numbers(text: str, count: int, example: str, square: bool = False) -> tuple[float, ...]:
    """The `count` numbers in `text`, in order. One number stands for a square pair when
    `square` (and count is 2). ValueError with a hint (showing `example`) otherwise."""
    text = text.strip()[:200]
    if count == 1:
        text = THOUSANDS.sub("", text)
    numbers = tuple(_value(token) for token in NUMBER.findall(text))
    if len(numbers) > count > 1:  # "0, 16,448": a separator inside a number, not between two
        numbers = tuple(_value(token) for token in NUMBER.findall(GROUPED.sub("", text))) or numbers
    if square and count == 2 and len(numbers) == 1:
        numbers *= 2
    if len(numbers) == count and all(math.isfinite(n) for n in numbers):
        return numbers
    if not numbers:
        raise ValueError(f"there is no number in your answer: write it like {example}")
    found = ", ".join(f"{n:g}" for n in numbers[:6]) + (", …" if len(numbers) > 6 else "")
    wanted = "one number" if count == 1 else f"{count} numbers"
    raise ValueError(f"the answer is {wanted}, like {example}, but yours has {len(numbers)} ({found})")


def matches(given: tuple[float, ...], expected: tuple[float, ...]) -> bool:
    """Equal number by number, to within the two decimals answers are asked to."""
    return len(given) == len(expected) and all(abs(g - e) <= TOLERANCE for g, e in zip(given, expected))
