"""Training in a session: one run per session (dropped with the session's state when it ends),
its history bounded, and at most two trainings at once in the process; others wait with a message."""

from __future__ import annotations

import threading

import streamlit as st

from lessons.network_training import TrainingRun
from settings.network import TrainSettings
from text.network import TRAINING_BUSY
from ui.charts import show
from viz.spec import Spec, SpecFigure
from viz.training_figure import filters_figure, gradient_figure, loss_figure

RUN_KEY = "_network_training_run"
SLOTS = threading.BoundedSemaphore(2)  # trainings at once in this process
WAIT_S = 2.0  # how long a click waits for a slot before saying the server is busy


def _train(run: TrainingRun, steps: int) -> bool:
    """`steps` steps with a progress bar, if a slot frees within WAIT_S; False when busy."""
    if not SLOTS.acquire(timeout=WAIT_S):
        return False
    try:
        bar = st.progress(0.0, text=f"Training {steps} steps…")
        for done in range(steps):
            run.train(1, measure=done == steps - 1)  # the accuracy once per click: 200 digits
            bar.progress((done + 1) / steps, text=f"Step {run.steps}")
        bar.empty()
    finally:
        SLOTS.release()
    return True


def train_panel(settings: TrainSettings) -> None:
    """Train / start over buttons, then the run's curves, gradient norms and first filters."""
    run = st.session_state.get(RUN_KEY)
    if run is not None and (run.network, run.seed) != (settings.network, settings.seed):
        run = None
    train, reset = st.columns(2)
    if train.button(f"Train {settings.steps} steps", icon=":material/play_arrow:", key="train"):
        run = run or TrainingRun(settings.network, settings.seed)
        if not _train(run, settings.steps):
            st.warning(TRAINING_BUSY, icon=":material/hourglass_top:")
    if reset.button("Start over", icon=":material/restart_alt:", key="train_reset"):
        run = None
    st.session_state[RUN_KEY] = run
    if run is None:
        st.caption("Press Train: the network starts from the seed's random weights.")
        return
    first = run.steps - len(run.losses)
    st.markdown(
        f"`{run.network}`, seed {run.seed}: {run.steps} step{'' if run.steps == 1 else 's'}, last loss "
        f"{run.losses[-1]:.3f}, held-out accuracy {run.accuracy[-1][1]:.1%}."
        if run.losses
        else f"`{run.network}`, seed {run.seed}: not trained yet."
    )
    left, right = st.columns(2)
    with left:
        _chart(loss_figure(run.losses, run.accuracy, first), "train_loss")
    with right:
        _chart(gradient_figure(run.grad_norms, first), "train_grads")
    show(filters_figure(run.first_filters()), "The first layer's filters")


def _chart(spec: Spec, key: str) -> None:
    st.plotly_chart(SpecFigure(spec), theme=None, key=key, width="stretch", config={"displayModeBar": False})
