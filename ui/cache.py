"""The lessons, cached: built once per configuration and shared by every session.

Everything cached here is immutable (read-only arrays, frozen traces and views, specs nobody
mutates), so `st.cache_resource` hands the same object to every student without copying.
Settings are frozen dataclasses, so they are the cache keys.
"""

from __future__ import annotations

import streamlit as st

from lessons import backprop, convolution, inputs, pooling, stack, transposed, volumes, why
from practice import generate, review

cached = st.cache_resource(max_entries=64, show_spinner=False)


@st.cache_resource(max_entries=256, show_spinner=False)
def _input_grid(settings, upload_name: str, upload_digest: str, _upload: bytes):
    return inputs.input_grid(settings, upload_name, _upload)


def input_grid(settings, upload: tuple[str, str, bytes] = ("", "", b"")):
    """(H, W) input; `upload` is (name, SHA-256, bytes), keyed by its digest."""
    name, digest, data = upload
    return _input_grid(settings, name, digest, data)


feature_map = cached(convolution.feature_map)
convolution_view = cached(convolution.build)
volumes_view = cached(volumes.build)
volume_3d = st.cache_resource(max_entries=256, show_spinner=False)(volumes.step_3d)
textbook_layers = st.cache_resource(show_spinner=False)(volumes.textbook_layers)
pool_trace = cached(pooling.trace)
pooling_view = cached(pooling.build)
backprop_view = cached(backprop.build)
numerical_check = cached(backprop.numerical_check)
pool_backward = cached(backprop.pool_backward)
transposed_view = cached(transposed.build)
matrix_view = cached(why.matrix_view)
shift_view = cached(why.shift_view)
stack_table = cached(stack.table)
effective_field = cached(stack.effective_field)
regions = st.cache_resource(max_entries=256, show_spinner=False)(stack.regions)
exercise_set = st.cache_resource(max_entries=256, show_spinner=False)(generate.exercise_set)
review_questions = st.cache_resource(show_spinner=False)(review.review_questions)
field_view = cached(stack.field_view)
unit_at = cached(stack.unit_at)
layer_sizes = cached(stack.layer_sizes)
