"""Training in a session: one run per session (dropped with the session's state when it ends),
its history bounded, and at most two trainings at once in the process; others wait with a message."""

from __future__ import annotations

import threading

import streamlit as st
from streamlit.errors import StreamlitAPIException

from engine.arrays import FloatArray
from lessons.network_training import TrainingRun
from settings.network import MAX_STEPS_PER_CLICK, TrainSettings
from text.network import EPOCH_PAUSED, TRAINING_BUSY
from ui.admission import released
from ui.charts import show
from viz.spec import Spec, SpecFigure
from viz.training_figure import filters_figure, gradient_figure, loss_figure, maps_figure

RUN_KEY = "_network_training_run"
SLOTS = threading.BoundedSemaphore(2)  # trainings at once in this process
WAIT_S = 2.0  # how long a click waits for a slot before saying the server is busy


def _train(run: TrainingRun, steps: int, label: str | None = None) -> bool:
    """`steps` steps with a progress bar, if a slot frees within WAIT_S; False when busy. In an
    epoch the bar shows the epoch's progress; otherwise this click's."""
    with released():  # seconds of arithmetic, not page drawing: other sessions take this turn meanwhile
        if not SLOTS.acquire(timeout=WAIT_S):
            return False
        try:
            total, start = (run.epoch_left + run.epoch_at, run.epoch_at) if label else (steps, 0)
            bar = st.progress(
                start / total, text=f"{label} {start} of {total}" if label else f"Training {steps} steps…"
            )
            for done in range(1, steps + 1):
                run.train(1, measure=done == steps)  # the accuracy once per click: 200 digits
                text = f"{label} {start + done} of {total}" if label else f"Step {run.steps}"
                bar.progress((start + done) / total, text=text)
            if not label:
                bar.empty()
        finally:
            SLOTS.release()
    return True


@st.fragment
def train_panel(settings: TrainSettings, image: FloatArray, digit: str) -> None:
    """Train / train an epoch / start over, then the run's curves, gradient norms, first
    filters and `digit`'s (32x32 `image`) first-layer maps. Only this panel reruns while
    training. An epoch (125 steps) is longer than one click may compute, so it runs as chunks
    of at most MAX_STEPS_PER_CLICK steps, one per rerun of this fragment, each taking and
    releasing a training slot: no request exceeds a click's budget and other sessions'
    trainings get their turn between chunks."""
    run = st.session_state.get(RUN_KEY)
    if run is not None and (run.network, run.seed) != (settings.network, settings.seed):
        run = None
    train, epoch, reset = st.columns(3)
    if train.button(f"Train {settings.steps} steps", icon=":material/play_arrow:", key="train"):
        run = run or TrainingRun(settings.network, settings.seed)
        run.stop_epoch()
        if not _train(run, settings.steps):
            st.warning(TRAINING_BUSY, icon=":material/hourglass_top:")
    if run is not None and run.epoch_left > 0:
        if epoch.button("Stop the epoch", icon=":material/stop:", key="train_stop"):
            run.stop_epoch()
    elif epoch.button("Train one epoch", icon=":material/fast_forward:", key="train_epoch"):
        run = run or TrainingRun(settings.network, settings.seed)
        run.start_epoch()
    if reset.button("Start over", icon=":material/restart_alt:", key="train_reset"):
        run = None
    st.session_state[RUN_KEY] = run
    more = False
    if run is not None and run.epoch_left > 0:
        if _train(run, min(MAX_STEPS_PER_CLICK, run.epoch_left), f"Epoch {run.epochs + 1}: batch"):
            more = run.epoch_left > 0
        else:
            st.warning(EPOCH_PAUSED, icon=":material/hourglass_top:")
            st.button("Continue the epoch", icon=":material/play_arrow:", key="train_continue")
    if run is None:
        st.caption("Press Train: the network starts from the seed's random weights.")
        return
    _show_run(run, image, digit)
    if more:
        _next_chunk()


def _next_chunk() -> None:
    """Rerun for the epoch's next chunk: this panel alone when it is what reran (a click in it),
    the page when the page ran (a link, a sidebar change, AppTest), where Streamlit refuses a
    fragment's rerun."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun()


def _show_run(run: TrainingRun, image: FloatArray, digit: str) -> None:
    first = run.steps - len(run.losses)
    epochs = f", {run.epochs} epoch{'' if run.epochs == 1 else 's'}" if run.epochs else ""
    st.markdown(
        f"`{run.network}`, seed {run.seed}: {run.steps} step{'' if run.steps == 1 else 's'}{epochs}, "
        f"last loss {run.losses[-1]:.3f}, held-out accuracy {run.accuracy[-1][1]:.1%}."
        if run.losses
        else f"`{run.network}`, seed {run.seed}: not trained yet."
    )
    left, right = st.columns(2)
    with left:
        _chart(loss_figure(run.losses, run.accuracy, first), "train_loss")
    with right:
        _chart(gradient_figure(run.grad_norms, first), "train_grads")
    show(filters_figure(run.first_filters()), "The first layer's filters")
    title = f"{digit}: {run.first_layer}'s maps after {run.steps} step{'' if run.steps == 1 else 's'}"
    show(
        maps_figure(run.first_maps(image), title),
        f"{digit} read by the first layer of the network in training",
    )


def _chart(spec: Spec, key: str) -> None:
    st.plotly_chart(SpecFigure(spec), theme=None, key=key, width="stretch", config={"displayModeBar": False})
