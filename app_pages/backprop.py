"""Backpropagation: gradients of convolution and pooling, cell by cell, as the convolutions they are."""

import streamlit as st

from engine.analysis.fanout import input_fan_out, weight_fan_out
from ui import cache, controls
from ui.charts import show
from ui.errors import show_error, stop_with
from ui.frame import classroom_on
from ui.state import checked_link
from ui.stepper import stepper
from viz.explain import (
    CROP_AND_FOLD,
    SKIP_CONNECTIONS,
    bias_gradient_text,
    fan_out_text,
    pool_backward_text,
    skip_numbers,
    step_arithmetic,
)
from viz.grid import crop_figure, fan_out_figure, matrices_figure
from viz.skip_figure import skip_figure
from viz.spec import SpecFigure
from viz.theme import theme_for

PAGE = "backprop"
LINK_KEYS = (
    controls.INPUT_KEYS
    | controls.KERNEL_KEYS
    | controls.CONV_KEYS
    | controls.UPSTREAM_KEYS
    | controls.prefixed(controls.POOL_KEYS, "p_")
    | controls.FRAME_KEYS
    | {"wstep", "xstep", "pstep", "check", "ci", "cj", "eps", "fan", "fi", "fj", "depth", "theta"}
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
    with st.sidebar:
        st.subheader("Input")
        choice = controls.input_controls(max_size=12, allow_image=False)
        st.subheader("Kernel")
        kernel = controls.kernel_controls()
        st.subheader("Stride, padding, dilation")
        settings = controls.conv_settings_controls()
        st.subheader("Loss")
        upstream = controls.upstream_controls()

    classroom = classroom_on()
    theme = theme_for(classroom)
    try:
        grid = cache.input_grid(choice)
        weights = cache.kernel_grid(kernel)
        forward = cache.conv_trace(grid, kernel, settings)
        trace = cache.backward_trace(grid, kernel, settings, upstream)
        weight_spec, input_spec = cache.gradient_specs(grid, kernel, settings, upstream, classroom)
    except ValueError as error:
        stop_with(error)

    conv_tab, check_tab, fan_tab, pool_tab, skip_tab = st.tabs(
        ["Convolution", "Check it yourself", "Fan-out", "Pooling", "Deep stacks and skip connections"]
    )

    with conv_tab:
        show(
            matrices_figure(
                [("Output Y", "output", forward.output[0]), ("dL/dY", "gradient", trace.grad_output[0])],
                theme,
                signed=True,
            ),
            "The forward output and the upstream gradient",
        )
        st.subheader("dL/dW: the input correlated with dL/dY")
        stepper(
            weight_spec,
            lambda s: step_arithmetic(trace.grad_weight.step(s), name="dL/dW", show_bias=False),
            alt="The gradient of the weights, one weight at a time",
            chart_key="chart_dw",
            step_key="wstep",
        )
        st.subheader("dL/dX: the full correlation of dL/dY with the rotated kernel")
        stepper(
            input_spec,
            lambda s: step_arithmetic(trace.grad_input.step(s), name="dL/dX̃", show_bias=False),
            alt="The gradient of the padded input, one cell at a time",
            chart_key="chart_dx",
            step_key="xstep",
        )
        show(
            crop_figure(trace, theme),
            "The gradient of the padded input, and dL/dX once the padding is removed",
        )
        st.markdown(CROP_AND_FOLD[settings.padding_mode])
        st.subheader("dL/db")
        st.code(bias_gradient_text(trace.grad_output), language=None)

    with check_tab:
        st.markdown(
            "Pick a weight or an input cell. The page nudges it by ±ε, reruns the forward pass, and "
            "compares the slope of the loss with the gradient backpropagation found."
        )
        of_weight = (
            st.radio("Check", ("weight", "input cell"), key="check", bind="query-params", horizontal=True)
            == "weight"
        )
        shape = weights.shape if of_weight else grid.shape
        cols = st.columns(3)
        i = int(cols[0].number_input("Row", 0, shape[0] - 1, 0, key="ci", bind="query-params"))
        j = int(cols[1].number_input("Column", 0, shape[1] - 1, 0, key="cj", bind="query-params"))
        eps = float(
            cols[2].select_slider(
                "ε", (0.1, 0.01, 0.001, 0.0001, 1e-06), 0.001, key="eps", bind="query-params"
            )
        )
        check, analytic = cache.numerical_check(grid, kernel, settings, upstream, of_weight, (i, j), eps)
        name = f"dL/dW[{i}, {j}]" if of_weight else f"dL/dX[{i}, {j}]"
        st.code(
            f"L(+ε) = {check.plus:.10g}\nL(−ε) = {check.minus:.10g}\n"
            f"(L(+ε) − L(−ε)) / 2ε = {check.estimate:.10g}   (central difference)\n"
            f"{name} = {analytic:.10g}   (backpropagation)\n"
            f"difference = {abs(check.estimate - analytic):.2e}",
            language=None,
        )

    with fan_tab:
        following_input = (
            st.radio("Follow", ("an input cell", "a weight"), key="fan", bind="query-params", horizontal=True)
            == "an input cell"
        )
        frame = forward.padded_input.shape[1:] if following_input else weights.shape
        cols = st.columns(2)
        fi = int(
            cols[0].number_input("Row", 0, frame[0] - 1, min(2, frame[0] - 1), key="fi", bind="query-params")
        )
        fj = int(
            cols[1].number_input(
                "Column", 0, frame[1] - 1, min(2, frame[1] - 1), key="fj", bind="query-params"
            )
        )
        links = (
            input_fan_out(forward.layer, fi, fj) if following_input else weight_fan_out(forward.layer, fi, fj)
        )
        show(
            fan_out_figure(forward.padded_input[0], weights, forward.output[0], links, theme),
            "Which outputs a cell or a weight feeds, and through what",
        )
        st.markdown(fan_out_text(links, following_input, fi, fj))

    with pool_tab:
        pool_settings = controls.pool_controls(prefix="p_")
        try:
            pool_spec, pool_trace = cache.pool_backward_spec(
                grid, pool_settings, upstream.kind, upstream.seed, classroom
            )
        except ValueError as error:
            show_error(error)
        else:
            stepper(
                pool_spec,
                lambda s: pool_backward_text(pool_trace, s),
                chart_key="chart_pool",
                alt="Each upstream gradient routed to its window",
                step_key="pstep",
            )

    with skip_tab:
        cols = st.columns(2)
        depth = int(cols[0].slider("Layers n", 1, 30, 8, key="depth", bind="query-params"))
        theta = float(cols[1].slider("θ", -3.0, 3.0, 1.0, step=0.25, key="theta", bind="query-params"))
        st.plotly_chart(
            SpecFigure(skip_figure(depth, theta, theme)),
            theme=None,
            alt="The derivative of n nested tanh, with and without a skip connection",
        )
        st.markdown(SKIP_CONNECTIONS)
        st.caption(skip_numbers(depth, theta))
