"""Server CPU per rerun, page by page: what one student's click costs the server.

Run: python -m benchmarks.rerun_cost [reruns]
Starts one ConvLab on loopback and, with one websocket session at a time (no contention), opens
each page, then changes one of its controls `reruns` times (a whole rerun) and moves its step
`reruns` times (the stepper's fragment rerun, where the page has one). Reports the server
process's CPU time (user + system, from /proc) per rerun, in ms. Issue 16 asks that this be at
least halved: it decides how many students two processes can serve.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
from pathlib import Path

from benchmarks.load_test import PAGE_NAMES, Student, Tally
from hosting.server import serving

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) process `pid` has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


async def page_cost(url: str, pid: int, page: str, reruns: int) -> tuple[float, float | None]:
    """(ms per whole rerun, ms per step rerun or None) on `page`, for one session."""
    student = Student(url, Tally(), random.Random(0), (0, 0))
    student.page = page
    costs: list[float] = []
    async with student.connect() as socket:
        student.socket = socket
        await student.rerun("open")
        await student.rerun("warm")  # caches filled, as for every student after the first
        step = next((item for item in student.inputs.values() if item.label.startswith("Step (")), None)
        control = next((item for item in student.inputs.values() if item is not step), None)
        for item, fragment in ((control, False), (step, True)):
            if item is None and fragment:
                costs.append(float("nan"))
                continue
            start = cpu_s(pid)
            first = item.value if item is not None else 0.0
            nudge = (1 if item.is_int else 0.5) * (-1 if item.value >= item.high else 1) if item else 0.0
            for index in range(reruns):
                if item is not None:  # a page without a number input: the same rerun, unchanged
                    student.set(item, first + (index % 2 == 0) * nudge)  # a click on + (or −), then back
                await student.rerun("measure", item.fragment_id if item is not None and fragment else "")
            costs.append((cpu_s(pid) - start) / reruns * 1000)
    whole, stepped = costs
    return whole, None if stepped != stepped else stepped


def main() -> None:
    """Print each page's server CPU per whole rerun and per step."""
    reruns = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    with serving("app.py") as (url, process):
        print(f"{'page':14} {'ms CPU / rerun':>15} {'ms CPU / step':>14}")
        wholes = []
        for page in PAGE_NAMES:
            whole, stepped = asyncio.run(page_cost(url, process.pid, page, reruns))
            wholes.append(whole)
            print(f"{page or 'home':14} {whole:15.1f} {'' if stepped is None else f'{stepped:14.1f}'}")
        print(f"{'median':14} {statistics.median(wholes):15.1f}")


if __name__ == "__main__":
    main()
