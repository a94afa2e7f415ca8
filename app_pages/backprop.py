"""Backpropagation: gradients of convolution and pooling, cell by cell, as the convolutions they are."""

import streamlit as st

from lessons.backprop import fan_out
from settings.backprop import (
    POOL_PREFIX,
    TABS,
    BackpropSteps,
    CheckSettings,
    FanOutSettings,
    SkipSettings,
    UpstreamSettings,
)
from settings.conv import ConvSettings
from settings.fields import TAB_KEY, keys_of
from settings.input import InputSettings
from settings.kernel import KernelSettings
from settings.page import FrameSettings
from settings.pool import PoolSettings
from text.arithmetic import fan_out_text, pool_backward_text, step_arithmetic
from text.formulas import skip_numbers
from text.prose import SKIP_CONNECTIONS
from ui import cache, controls
from ui.charts import skip_chart, still
from ui.errors import show_error, stop_with
from ui.frame import classroom_on
from ui.plain import plain_block
from ui.state import checked_link
from ui.stepper import stepper
from ui.widgets import current, draw, page_tabs

PAGE = "backprop"
LINK_KEYS = (
    {TAB_KEY}
    | keys_of(
        InputSettings,
        KernelSettings,
        ConvSettings,
        UpstreamSettings,
        CheckSettings,
        FanOutSettings,
        SkipSettings,
        BackpropSteps,
        FrameSettings,
    )
    | PoolSettings.keys(POOL_PREFIX)
)

st.title("Backpropagation")
st.markdown(
    "The backward pass of a convolution is itself made of convolutions. Given the upstream gradient "
    "**dL/dY**, the gradient of the weights **dL/dW** is the input correlated with dL/dY (the stride "
    "becomes a dilation of dL/dY); the gradient of the input **dL/dX** is dL/dY, with zeros inserted for "
    "the stride and padded all round, correlated with the kernel rotated by 180 degrees; and **dL/db** is "
    "the sum of dL/dY."
)

with checked_link(PAGE, LINK_KEYS):
    conv_tab, check_tab, fan_tab, pool_tab, skip_tab = page_tabs(PAGE, TABS)
    classroom = classroom_on()
    with st.sidebar:  # only what the open tab reads: the skip connections' chart reads none of it
        if not skip_tab.open:
            st.subheader("Input")
            inputs = controls.input_controls(max_size=12, allow_image=False)
        if not (skip_tab.open or pool_tab.open):
            st.subheader("Kernel")
            kernel = controls.kernel_controls()
            st.subheader("Stride, padding, dilation")
            conv = draw(ConvSettings)
        if not skip_tab.open:
            st.subheader("Loss")
            upstream = draw(UpstreamSettings)

    if conv_tab.open or check_tab.open or fan_tab.open:
        try:
            grid = cache.input_grid(inputs)
            weights = kernel.weights()
            view = cache.backprop_view(grid, kernel, conv, upstream, inputs.seed, classroom)
        except ValueError as error:
            stop_with(error)

    if conv_tab.open:
        with conv_tab:
            still(view.forward_and_upstream, "The forward output and the upstream gradient")
            st.subheader("dL/dW: the input correlated with dL/dY")
            stepper(
                view.weight_animation,
                lambda s: step_arithmetic(view.trace.grad_weight.step(s), name="dL/dW", show_bias=False),
                alt="The gradient of the weights, one weight at a time",
                key="surface_dw",
                classroom=classroom,
                clickable="a cell of dL/dW",
                step_key=BackpropSteps.key("weight_step"),
            )
            st.subheader("dL/dX: the full correlation of dL/dY with the rotated kernel")
            stepper(
                view.input_animation,
                lambda s: step_arithmetic(
                    view.trace.grad_input.step(s), name=view.input_name, show_bias=False
                ),
                alt="The gradient of the input, one cell at a time",
                key="surface_dx",
                classroom=classroom,
                clickable=f"a cell of {view.input_name}",
                step_key=BackpropSteps.key("input_step"),
            )
            if view.crop is not None:
                still(view.crop, "The gradient of the padded input, and dL/dX once the padding is removed")
                st.markdown(view.crop_text)
            st.subheader("dL/db")
            plain_block(view.bias_text)

    if check_tab.open:
        with check_tab:
            st.markdown(
                "Pick a weight or an input cell. The page nudges it by ±ε, reruns the forward pass, and "
                "compares the slope of the loss with the gradient backpropagation found."
            )
            of_weight = current(CheckSettings, "of") == "weight"
            rows, cols = weights.shape if of_weight else grid.shape
            check = draw(CheckSettings, limits={"row": {"high": rows - 1}, "col": {"high": cols - 1}})
            of_weight = check.of == "weight"
            cell = (min(check.row, rows - 1), min(check.col, cols - 1))
            result, analytic = cache.numerical_check(
                grid, kernel, conv, upstream, inputs.seed, of_weight, cell, check.eps
            )
            name = f"dL/dW[{cell[0]}, {cell[1]}]" if of_weight else f"dL/dX[{cell[0]}, {cell[1]}]"
            plain_block(
                f"L(+ε) = {result.plus:.10g}\nL(−ε) = {result.minus:.10g}\n"
                f"(L(+ε) − L(−ε)) / 2ε = {result.estimate:.10g}   (central difference)\n"
                f"{name} = {analytic:.10g}   (backpropagation)\n"
                f"difference = {abs(result.estimate - analytic):.2e}"
            )

    if fan_tab.open:
        with fan_tab:
            following_input = current(FanOutSettings, "follow") == "an input cell"
            rows, cols = view.forward.padded_input.shape[1:] if following_input else weights.shape
            follow = draw(FanOutSettings, limits={"row": {"high": rows - 1}, "col": {"high": cols - 1}})
            following_input = follow.follow == "an input cell"
            cell = (min(follow.row, rows - 1), min(follow.col, cols - 1))
            links, figure = fan_out(view.forward, weights, following_input, cell, classroom)
            still(figure, "Which outputs a cell or a weight feeds, and through what")
            st.markdown(fan_out_text(links, following_input, *cell))

    if pool_tab.open:
        with pool_tab:
            pool = draw(PoolSettings, prefix=POOL_PREFIX)
            try:
                grid = cache.input_grid(inputs)
                pool_payload, pool_trace = cache.pool_backward(grid, pool, upstream.kind, inputs.seed)
            except ValueError as error:
                show_error(error)
            else:
                stepper(
                    pool_payload,
                    lambda s: pool_backward_text(pool_trace, s),
                    key="surface_pool",
                    classroom=classroom,
                    clickable="an upstream gradient",
                    alt="Each upstream gradient routed to its window",
                    step_key=BackpropSteps.key("pool_step"),
                )

    if skip_tab.open:
        with skip_tab:
            skip = draw(SkipSettings)
            skip_chart(skip.depth, skip.theta, classroom)
            st.markdown(SKIP_CONNECTIONS)
            st.caption(skip_numbers(skip.depth, skip.theta))
