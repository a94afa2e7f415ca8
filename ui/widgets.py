"""Widgets drawn from settings declarations, each bound to the URL under its declared key.

`draw(Group)` draws a group's controls in order (a row's controls side by side, hidden ones
skipped), applies its presets (a preset a link names fills the values the link leaves out, and
a changed preset refills them), and returns the group's settings.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any, TypeVar

import streamlit as st

from settings.fields import TAB_KEY, Control, Settings, read_link
from settings.input import InputSettings
from ui.state import linked_tab

G = TypeVar("G", bound=Settings)


def _page_values(prefix: str, group: type[Settings]) -> dict[str, Any]:
    """The group's current values by unprefixed key: the session's, else the link's, else the default."""
    link = read_link(group, st.query_params.to_dict(), prefix)
    values = group.defaults() | link
    controls = {control.key: control for _, control in group.controls()}
    for key in values:
        if prefix + key in st.session_state and controls[key].holds(st.session_state[prefix + key]):
            values[key] = st.session_state[prefix + key]
    return values


def current(group: type[Settings], attribute: str, prefix: str = "") -> Any:
    """A control's value before its widget is drawn: the session's, else the link's if it is
    valid there, else the default."""
    control = dict(group.controls())[attribute]
    key = prefix + control.key
    if key in st.session_state and control.holds(st.session_state[key]):
        return st.session_state[key]
    try:
        return control.parse(st.query_params[key]) if key in st.query_params else control.default
    except ValueError:
        return control.default


def _context(values: Mapping[str, Any]) -> dict[str, Any]:
    """What fills may read besides the group's own values (the input's seed, for random kernels)."""
    return {InputSettings.key("seed"): current(InputSettings, "seed")} | dict(values)


_FILLED: dict[type[Settings], frozenset[str]] = {}


def _filled_keys(group: type[Settings]) -> frozenset[str]:
    """The keys the group's presets fill at its defaults."""
    if group not in _FILLED:
        defaults = {InputSettings.key("seed"): InputSettings().seed} | group.defaults()
        _FILLED[group] = frozenset(key for fill in group.FILLS.values() for key in fill(defaults))
    return _FILLED[group]


def _apply(fill_of: Mapping[str, Any], group: type[Settings], prefix: str, key: str) -> None:
    """on_change: write what the changed control `key` fills in."""
    values = _context(_page_values(prefix, group))
    for filled, value in fill_of[key](values).items():
        st.session_state[prefix + filled] = value


def _seed_filled(group: type[Settings], prefix: str) -> frozenset[str]:
    """Put what presets fill into the session before the widgets read it: from the link's preset
    when the link does not give the value itself, else from the default preset. These widgets
    are then drawn without a default of their own."""
    filled = _filled_keys(group)
    missing = [
        key for key in filled if prefix + key not in st.session_state and prefix + key not in st.query_params
    ]
    if missing:
        values = _context(group.defaults() | read_link(group, st.query_params.to_dict(), prefix))
        for key in group.FILLS:
            for name, value in group.FILLS[key](values).items():
                if name in missing:
                    st.session_state[prefix + name] = value
    return filled


def _widget(control: Control, key: str, seeded: bool, on_change: Any, container: Any) -> Any:
    """One control as its Streamlit widget, bound to the URL under `key`."""
    common: dict[str, Any] = {"key": key, "bind": "query-params", "help": control.help or None}
    if on_change is not None:
        common["on_change"] = on_change
    if control.kind == "number":
        integer = isinstance(control.default, int)
        low, high = (
            (int(control.low), int(control.high)) if integer else (float(control.low), float(control.high))
        )
        step = int(control.step) if integer else float(control.step)
        value = {} if seeded else {"value": control.default}
        if control.slider:
            return container.slider(control.label, low, high, step=step, **value, **common)
        return container.number_input(control.label, low, high, step=step, **value, **common)
    if control.kind == "choice":
        if control.slider:
            return container.select_slider(control.label, control.options, value=control.default, **common)
        index = {} if seeded else {"index": control.options.index(control.default)}
        if control.radio:
            return container.radio(control.label, control.options, horizontal=True, **index, **common)
        return container.selectbox(control.label, control.options, **index, **common)
    if control.kind == "toggle":
        return container.toggle(control.label, **({} if seeded else {"value": control.default}), **common)
    value = {} if seeded else {"value": control.default}
    if control.lines > 1:
        return container.text_area(control.label, height=24 * control.lines + 14, **value, **common)
    return container.text_input(control.label, max_chars=control.max_chars, **value, **common)


def draw(group: type[G], prefix: str = "", limits: Mapping[str, Mapping[str, Any]] | None = None) -> G:
    """Draw `group`'s controls (keys prefixed by `prefix`) and return its settings.

    `limits[attribute]` replaces a control's bounds or options for this page
    (`{"height": {"high": 12}}`);
    a session value outside them is brought inside first.
    """
    limits = limits or {}
    seeded = _seed_filled(group, prefix)
    controls = [_within(dataclasses.replace(c, **limits.get(name, {}))) for name, c in group.controls()]
    for control in controls:
        _clamp(control, prefix + control.key)
    values: dict[str, Any] = {}
    fills = dict(group.CHANGES) | dict(group.FILLS)
    context = _context(group.defaults())  # what `shown` reads, updated as the controls are drawn
    index = 0
    while index < len(controls):
        row = [controls[index]]
        while (
            row[0].row and index + len(row) < len(controls) and controls[index + len(row)].row == row[0].row
        ):
            row.append(controls[index + len(row)])
        index += len(row)
        visible = [c for c in row if c.shown(context)]
        # A row is one flex container: st.columns would add a block per column, for the same look.
        container = st.container(horizontal=True, gap="small", wrap=False) if len(visible) > 1 else st
        for control in visible:
            on_change = (
                (lambda key=control.key: _apply(fills, group, prefix, key)) if control.key in fills else None
            )
            values[control.key] = _widget(
                control, prefix + control.key, control.key in seeded, on_change, container
            )
            context[control.key] = values[control.key]
    return group.from_values(values)


def _within(control: Control) -> Control:
    """A number's default inside this page's bounds (a 7x7 default where 6 is the largest)."""
    if control.kind != "number":
        return control
    return dataclasses.replace(
        control, default=type(control.default)(min(max(control.default, control.low), control.high))
    )


def _clamp(control: Control, key: str) -> None:
    """Bring a session value inside this page's bounds or options (a number too large for this
    page, a group count these channels do not allow) before its widget reads it."""
    if key not in st.session_state:
        return
    value = st.session_state[key]
    if not control.holds(value):  # another page's control under the same key: start afresh
        del st.session_state[key]
    elif control.kind == "number" and not control.low <= value <= control.high:
        st.session_state[key] = min(max(value, type(value)(control.low)), type(value)(control.high))
    elif control.kind == "choice" and value not in control.options:
        st.session_state[key] = control.default if control.default in control.options else control.options[0]


def opened_expander(label: str, *, key: str, icon: str | None = None) -> Any | None:
    """An expander whose content is built only while it is open: returns its container when open,
    else None. Opening or closing it reruns the page (or the fragment it is in), so a closed
    expander costs neither the server's work nor the browser's drawing."""
    box = st.expander(label, icon=icon, key=key, on_change="rerun")
    return box if box.open else None


def page_tabs(page: str, labels: tuple[str, ...]) -> list[Any]:
    """Lazy tabs (only the open one's content is built), the open one named in the link's `tab`.
    A link that names one of them opens it (Streamlit lets a tab the session had open win over
    a link followed within the session). Pages share the key, and so its session value: the
    tab a student left open on `page` is put back when they return without a link naming one."""
    left_open = f"_open_tab_{page}"
    linked = linked_tab()
    if linked in labels:
        st.session_state[TAB_KEY] = linked
    elif st.session_state.get(TAB_KEY) not in labels and left_open in st.session_state:
        st.session_state[TAB_KEY] = st.session_state[left_open]
    tabs = st.tabs(labels, key=TAB_KEY, bind="query-params")
    st.session_state[left_open] = next(label for label, tab in zip(labels, tabs, strict=True) if tab.open)
    return list(tabs)
