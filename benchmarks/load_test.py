"""A class at once: simulated students, each a session on the server's websocket, doing what
students do (open a page, change a control, step an animation, switch page) with think time.

Loopback only, bounded in students and time. Reports errors, rerun latency (from sending the
rerun to the server's "script finished"; p50, p95, max) and server memory per session.

    python -m benchmarks.load_test                        # starts one ConvLab, 100 students, 2 min
    python -m benchmarks.load_test --students 20 --seconds 30
    python -m benchmarks.load_test --url http://127.0.0.1:8080 --students 200   # e.g. nginx in front
    python -m benchmarks.load_test --heavy    # and one more student asks for the costliest request

Targets on a 2-core machine with one server process: 100 students, 0 errors, p50 <= 150 ms,
p95 <= 1 s. A student's think time is 3 to 8 s between interactions (about 18 reruns a second
for 100 students): a class following a lecture, not a stress test.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import secrets
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Subprotocol

from hosting.server import serving
from ui.registry import PAGES

PAGE_NAMES = ["", *(page.url_path for page in PAGES)]
FINISHED = {
    ForwardMsg.ScriptFinishedStatus.Value(name)
    for name in ("FINISHED_SUCCESSFULLY", "FINISHED_FRAGMENT_RUN_SUCCESSFULLY")
}
RERUN_TIMEOUT_S = 30  # for a whole rerun, from the request to its last message: longer is an error
ROUTE_COOKIE = "convlab_route"  # what nginx's sticky hash reads (see hosting/serve.py)
# The most expensive request the budgets allow: the effective receptive field of a 1024x1024 input
# (about 1.7 s of CPU); a new size each time, so that no cache answers it.
HEAVY_PAGE, HEAVY_QUERY, HEAVY_SIZES = "receptive", "ih={n}&iw={n}", range(1000, 1025)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    latencies_by_action: dict[str, list[float]] = field(default_factory=dict)


@dataclass
class NumberInput:
    id: str
    label: str
    is_int: bool
    low: float
    high: float
    value: float
    fragment_id: str  # set when the widget lives in a fragment: the browser reruns only that


class Student:
    """One browser tab: a websocket session and the number inputs of the page it shows."""

    def __init__(self, url: str, tally: Tally, rng: random.Random, think_s: tuple[float, float]):
        self.url, self.tally, self.rng, self.think_s = url, tally, rng, think_s
        self.page = rng.choice(PAGE_NAMES)
        self.inputs: dict[str, NumberInput] = {}
        self.states: dict[str, WidgetState] = {}
        self.cached: set[str] = set()  # hashes of large messages received, as a browser caches them
        self.received: list[str] = []  # the kinds of message the last rerun brought, for error reports

    def connect(self) -> websockets.connect:
        """The session's websocket, as a browser opens it (through nginx's sticky route, if any)."""
        host = self.url.split("//", 1)[1]
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        headers = {"Origin": f"http://{host}", "Cookie": f"{ROUTE_COOKIE}={secrets.token_hex(8)}"}
        return websockets.connect(
            ws_url, subprotocols=[Subprotocol("streamlit")], additional_headers=headers, max_size=2**26
        )

    async def attend(self, seconds: float) -> None:
        try:
            async with self.connect() as socket:
                self.socket = socket
                await self.rerun("open")
                end = time.monotonic() + seconds
                while time.monotonic() < end:
                    await asyncio.sleep(self.rng.uniform(*self.think_s))
                    await self.act()
        except Exception as error:  # every failure counts as an error of the run
            report = f"{self.page or 'home'}: {type(error).__name__}: {error} after {self.received[-4:]}"
            self.tally.errors.append(report[:300])

    async def act(self) -> None:
        step = next((item for item in self.inputs.values() if item.label.startswith("Step (")), None)
        controls = [item for item in self.inputs.values() if item is not step]
        roll = self.rng.random()
        if roll < 0.15 or not self.inputs:
            self.page, self.inputs, self.states = self.rng.choice(PAGE_NAMES), {}, {}
            await self.rerun("switch page")
        elif step is not None and roll < 0.55:
            self.set(step, step.value + 1 if step.value < step.high else 0)
            await self.rerun("step", step.fragment_id)
        elif controls:
            control = self.rng.choice(controls)  # a click on its + or −, as students do
            nudged = control.value + self.rng.choice((-1, 1)) * (1 if control.is_int else 0.5)
            self.set(control, min(max(nudged, control.low), control.high))
            await self.rerun("change a control", control.fragment_id)

    def set(self, item: NumberInput, value: float) -> None:
        item.value = round(value) if item.is_int else round(value, 1)
        state = WidgetState(id=item.id)
        if item.is_int:
            state.int_value = int(item.value)
        else:
            state.double_value = float(item.value)
        self.states[item.id] = state

    async def rerun(self, action: str, fragment_id: str = "", query: str = "") -> None:
        message = BackMsg()
        message.rerun_script.page_name = self.page
        message.rerun_script.fragment_id = fragment_id
        message.rerun_script.query_string = query
        message.rerun_script.widget_states.widgets.extend(self.states.values())
        message.rerun_script.cached_message_hashes.extend(self.cached)
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        self.received = []
        # one deadline for the whole rerun: wait_for on each of its ~50 messages made a task each,
        # and the load generator shares the server's two cores
        async with asyncio.timeout(RERUN_TIMEOUT_S):
            while True:
                reply = ForwardMsg()
                reply.ParseFromString(await self.socket.recv())
                kind = reply.WhichOneof("type")
                self.received.append(kind or "")
                if reply.metadata.cacheable:
                    self.cached.add(reply.hash)
                if kind == "delta":
                    self.read_element(reply)
                elif kind == "script_finished":
                    if reply.script_finished not in FINISHED:
                        self.tally.errors.append(
                            f"{self.page}: script finished with status {reply.script_finished}"
                        )
                        continue
                    break
        latency = time.perf_counter() - start
        self.tally.latencies.append(latency)
        self.tally.latencies_by_action.setdefault(action, []).append(latency)

    def read_element(self, reply: ForwardMsg) -> None:
        """Note the page's number inputs (to change them later) and any exception shown."""
        if reply.delta.WhichOneof("type") != "new_element":
            return
        element = reply.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.tally.errors.append(f"{self.page}: exception {element.exception.message[:120]}")
        elif kind == "number_input" and not element.number_input.disabled:
            widget = element.number_input
            is_int = widget.data_type == widget.INT
            low = widget.min if widget.has_min else 0
            high = widget.max if widget.has_max else low + 10
            value = widget.value if widget.HasField("value") else widget.default
            self.inputs.setdefault(
                widget.id,
                NumberInput(widget.id, widget.label, is_int, low, high, value, reply.delta.fragment_id),
            )


def server_memory_mb(pid: int) -> float:
    """The resident memory of process `pid`, in MB (NaN when /proc does not say)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def run_class(
    url: str,
    students: int,
    seconds: float,
    ramp_s: float,
    think_s: tuple[float, float],
    pid: int | None,
    with_heavy: bool = False,
) -> Tally:
    """`students` sessions arriving within `ramp_s`, each acting every `think_s` seconds for `seconds`;
    `with_heavy`: one more session asks for the most expensive request throughout (its own report)."""
    tally = Tally()
    baseline = server_memory_mb(pid) if pid else None

    async def arrive(index: int) -> None:
        await asyncio.sleep(ramp_s * index / students)  # the class arrives within the same minute
        await Student(url, tally, random.Random(index), think_s).attend(seconds)

    async def ask_heavy() -> None:
        """One more student, opening a link to the most expensive request again and again (1 s apart)."""
        end = time.monotonic() + ramp_s + seconds
        for n in itertools.cycle(HEAVY_SIZES):
            if time.monotonic() > end:
                break
            student = Student(url, heavy, random.Random(-1), think_s)
            student.page = HEAVY_PAGE
            async with student.connect() as socket:  # a new session: the link's values, not a session's
                student.socket = socket
                await student.rerun("the costliest request", query=HEAVY_QUERY.format(n=n))
            await asyncio.sleep(1)

    heavy = Tally()
    tasks = [asyncio.create_task(arrive(index)) for index in range(students)]
    if with_heavy:
        tasks.append(asyncio.create_task(ask_heavy()))
    peak = baseline
    while not all(task.done() for task in tasks):
        await asyncio.sleep(1)
        if pid and peak is not None:
            peak = max(peak, server_memory_mb(pid))
    report(tally, students, baseline, peak)
    if with_heavy:
        print(f"the costliest request, asked {len(heavy.latencies)} times: ", end="")
        print(f"median {statistics.median(heavy.latencies):.2f} s" if heavy.latencies else "never answered")
    return tally


def quantiles(latencies: list[float]) -> str:
    """p50, p95 and max of `latencies` (seconds), in ms."""
    ordered = sorted(latencies)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    median, top = statistics.median(ordered), ordered[-1]
    return f"p50 {median * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {top * 1000:.0f} ms"


def report(tally: Tally, students: int, baseline: float | None, peak: float | None) -> None:
    """Print errors, rerun p50/p95/max and the server's memory per student."""
    if not tally.latencies:
        print("no rerun completed")
        return
    print(f"students: {students}, reruns: {len(tally.latencies)}")
    print(f"errors: {len(tally.errors)}")
    for error in tally.errors[:10]:
        print(f"  {error}")
    print(f"rerun latency: {quantiles(tally.latencies)}")
    for action, latencies in sorted(tally.latencies_by_action.items()):
        print(f"  {action:18} {len(latencies):5} reruns, {quantiles(latencies)}")
    if baseline is not None and peak is not None:
        print(
            f"server memory: {baseline:.0f} MB idle, {peak:.0f} MB peak, "
            f"{(peak - baseline) / students:.1f} MB per session"
        )


def main() -> None:
    """Start (or reach) a server, play the class on it, print the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a running ConvLab (default: start one on a free loopback port)")
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=120, help="how long each student stays")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which students arrive")
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(5, 15),
        metavar=("MIN", "MAX"),
        help="seconds between actions",
    )
    parser.add_argument(
        "--heavy", action="store_true", help="one more student asks for the costliest request throughout"
    )
    args = parser.parse_args()
    if not 1 <= args.students <= 500 or not 1 <= args.seconds <= 900:
        parser.error("1 to 500 students, for 1 to 900 seconds")
    if args.url:
        if not args.url.startswith(("http://127.0.0.1", "http://localhost")):
            parser.error("the load test runs on loopback only")
        asyncio.run(
            run_class(args.url, args.students, args.seconds, args.ramp, tuple(args.think), None, args.heavy)
        )
        return
    with serving("app.py") as (url, process):
        asyncio.run(run_class(url, 1, 5, 0, (1, 2), None))  # a first visitor, as a warm-up
        asyncio.run(
            run_class(url, args.students, args.seconds, args.ramp, tuple(args.think), process.pid, args.heavy)
        )


if __name__ == "__main__":
    main()
