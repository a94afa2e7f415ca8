"""A whole class in a poll: students joined, following the class (their bar polls every 2 s),
answer one question within 10 s, through nginx and several ConvLab processes sharing one store.

Each student is a websocket session that joined beforehand (the class cookie a browser keeps
after joining), sits on the page the class shows and sends what the browser sends: a rerun of
the class bar's fragment every 2 s, and the answer form's submission when the question shows.

    python -m benchmarks.class_load                               # 200 students, 2 processes, SQLite
    python -m benchmarks.class_load --students 50 --database postgresql

Reports answers lost (asked of the store after the last one was acknowledged), how long after
the last answer the class's histogram (the store's tally, which the projector redraws every
second) held every answer, and the p50/p95/max of every student's reruns. Targets (issue 19):
0 lost, complete within 2 s, p95 <= 1 s, for 200 students and two processes.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.typing import Subprotocol

from class_store import ClassStore, open_store
from engine.trace.conv import trace_conv2d
from hosting.postgres import throwaway_postgres
from hosting.server import free_port, healthy
from practice.polls import figure_questions, to_body
from ui.follow import COOKIE

POLL_S = 2.0
PAGE = "convolution"
TIMEOUT_S = 30


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: list[float] = field(default_factory=list)  # when each answer's rerun finished


class Student:
    """One phone: joined the class, on its page, polling and answering."""

    def __init__(self, url: str, cookie: str, tally: Tally, rng: random.Random) -> None:
        self.url, self.cookie, self.tally, self.rng = url, cookie, tally, rng
        self.fragment = ""  # the class bar's fragment id
        self.answer_box = ""  # the question's text input and submit button, once shown
        self.submit = ""
        self.answered = False

    async def attend(self, until: float, question_after: float) -> None:
        host = self.url.split("//", 1)[1]
        headers = {
            "Origin": f"http://{host}",
            "Cookie": f"convlab_route={secrets.token_hex(8)}; {self.cookie}",
        }
        ws_url = self.url.replace("http", "ws", 1) + "/_stcore/stream"
        try:
            async with websockets.connect(
                ws_url, subprotocols=[Subprotocol("streamlit")], additional_headers=headers, max_size=2**26
            ) as socket:
                self.socket = socket
                await self.rerun()
                await asyncio.sleep(self.rng.uniform(0, POLL_S))
                while time.monotonic() < until:
                    if self.answer_box and not self.answered and time.monotonic() > question_after:
                        await asyncio.sleep(self.rng.uniform(0, 8))  # reading, thinking: within 10 s
                        await self.send_answer()
                    await self.rerun(self.fragment)
                    await asyncio.sleep(POLL_S)
        except Exception as error:  # every failure counts
            self.tally.errors.append(f"{type(error).__name__}: {error}"[:200])

    async def send_answer(self) -> None:
        text = WidgetState(id=self.answer_box, string_value=self.rng.choice(("5x5", "5x5", "7x7", "5")))
        press = WidgetState(id=self.submit, trigger_value=True)
        await self.rerun(self.fragment, [text, press])
        self.answered = True
        self.tally.acknowledged.append(time.monotonic())

    async def rerun(self, fragment: str = "", widgets: list[WidgetState] | None = None) -> None:
        message = BackMsg()
        message.rerun_script.page_name = PAGE
        message.rerun_script.fragment_id = fragment
        message.rerun_script.widget_states.widgets.extend(widgets or [])
        start = time.perf_counter()
        await self.socket.send(message.SerializeToString())
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await asyncio.wait_for(self.socket.recv(), TIMEOUT_S))
            kind = reply.WhichOneof("type")
            if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self.read(reply)
            elif kind == "script_finished":
                break
        self.tally.latencies.append(time.perf_counter() - start)

    def read(self, reply: ForwardMsg) -> None:
        element = reply.delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            self.tally.errors.append(f"exception: {element.exception.message[:120]}")
        elif kind == "button" and element.button.label == "Stop following":
            self.fragment = reply.delta.fragment_id
        elif kind == "text_input" and element.text_input.label == "Your answer":
            self.answer_box = element.text_input.id
        elif kind == "button" and element.button.label == "Send my answer":
            self.submit = element.button.id


def output_size_question() -> dict[str, object]:
    """The question the instructor asks from the Convolution page's default figure."""
    trace = trace_conv2d([[[float(v) for v in range(7)] for _ in range(7)]], [[[[1.0] * 3] * 3]])
    return to_body(figure_questions(trace, 0, PAGE, {}, "H_out = 7 - 3 + 1 = 5", str)["Output size"])


def serve(processes: int, database_url: str, stack: ExitStack) -> str:
    """hosting.serve with `processes` ConvLab processes on this store; its URL once healthy."""
    port = free_port()
    env = os.environ | {"CONVLAB_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "hosting.serve", "--processes", str(processes), "--port", str(port)]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stack.callback(server.wait, 30)
    stack.callback(server.terminate)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while not healthy(url):
        if time.monotonic() > deadline or server.poll() is not None:
            raise RuntimeError("hosting.serve did not come up")
        time.sleep(0.5)
    return url


async def run(url: str, store: ClassStore, students: int, seconds: float) -> None:
    """Open a class, let the students arrive and poll, ask, collect the answers, report."""
    code = store.open_class()
    store.publish(code, PAGE)
    version = store.state(code).version
    cookies = []
    for _ in range(students):
        member = secrets.token_urlsafe(12)
        store.join(code, member)
        cookies.append(f"{COOKIE}={code}.{member}.{version}.1")
    tally = Tally()
    start = time.monotonic()
    ask_at = start + 25  # after every student has arrived (within 20 s)
    until = ask_at + 10 + seconds
    arrivals = [Student(url, cookie, tally, random.Random(i)) for i, cookie in enumerate(cookies)]

    async def arrive(index: int, student: Student) -> None:
        await asyncio.sleep(20 * index / students)
        await student.attend(until, ask_at)

    tasks = [asyncio.create_task(arrive(i, s)) for i, s in enumerate(arrivals)]
    await asyncio.sleep(max(0.0, ask_at - time.monotonic()))
    question = store.ask(code, output_size_question())
    polls = len(tally.latencies)
    answered_by = ask_at + 12  # every student has sent by now (≤ 2 s to see it, ≤ 8 s to think)
    await asyncio.sleep(max(0.0, answered_by - time.monotonic()))
    while sum(a.count for a in store.tally(question)) < len(tally.acknowledged) and time.monotonic() < until:
        await asyncio.sleep(0.05)
    complete_after = time.monotonic() - max(tally.acknowledged, default=time.monotonic())
    await asyncio.gather(*tasks)
    counted = sum(a.count for a in store.tally(question))
    latencies = sorted(tally.latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(f"students: {students}, reruns: {len(latencies)} ({polls} before the question)")
    print(f"errors: {len(tally.errors)}", *tally.errors[:5], sep="\n  ")
    sent = len(tally.acknowledged)
    print(f"answers: {sent} sent, {counted} counted, {sent - counted} lost")
    print(
        f"every answer in the store's tally {max(complete_after, 0.0):.1f} s after the last was sent "
        "(the projector redraws it every second)"
    )
    print(
        f"rerun latency: p50 {statistics.median(latencies) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {latencies[-1] * 1000:.0f} ms"
    )
    store.end_class(code)


def main() -> None:
    """Start nginx and the processes on a fresh store, play the class, print the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=20, help="how long students stay after answering")
    parser.add_argument("--database", choices=("sqlite", "postgresql"), default="sqlite")
    args = parser.parse_args()
    if not 1 <= args.students <= 500 or not 1 <= args.processes <= 8:
        parser.error("1 to 500 students, 1 to 8 processes")
    with ExitStack() as stack:
        if args.database == "postgresql":
            database_url = stack.enter_context(throwaway_postgres())
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            database_url = f"sqlite:///{folder}/classes.sqlite3"
        url = serve(args.processes, database_url, stack)
        store = open_store(database_url)
        stack.callback(store.close)
        asyncio.run(run(url, store, args.students, args.seconds))


if __name__ == "__main__":
    main()
