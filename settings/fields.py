"""Control declarations: a settings class is one control group, declared once.

Each attribute of a `Settings` dataclass is declared with `number`, `choice`, `toggle` or `text`:
its URL key, label, default and bounds. Everything else is derived from that declaration: the
widgets `ui.widgets` draws, the keys a page accepts (`keys`), a link for a configuration
(`to_params`), the settings from a page's values (`from_values`) and, on the subclass, the
engine's arguments (`to_kwargs`). A URL key is also its widget's key, so it stays short and stable.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Self

Values = Mapping[str, Any]  # by URL key
TAB_KEY = "tab"  # a page's open tab, in its link (ui.widgets.page_tabs)
Fill = Callable[[Values], dict[str, Any]]


def _always(values: Values) -> bool:
    return True


@dataclass(frozen=True)
class Control:
    """How one setting is drawn and read from a link. `shown(values)` (values by URL key) says
    whether it is drawn at all; a hidden control keeps its default. Controls with the same
    `row` are drawn side by side."""

    kind: str  # "number", "choice", "toggle" or "text"
    key: str
    label: str
    default: Any
    help: str = ""
    low: float = 0
    high: float = 0
    step: float = 1
    options: tuple[Any, ...] = ()
    radio: bool = False
    lines: int = 1
    max_chars: int = 2_000
    row: str = ""
    slider: bool = False  # a slider (numbers) or a select slider (choices) instead of a box
    shown: Callable[[Values], bool] = _always

    def holds(self, value: Any) -> bool:
        """Whether `value` is of this control's kind: a session value left by another page's
        control under the same key (Network's layer "C3", Receptive field's layer 2) is not."""
        if self.kind == "number":
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if self.kind == "toggle":
            return isinstance(value, bool)
        if self.kind == "text":
            return isinstance(value, str)
        return True  # a choice outside the options is brought inside by the page

    def parse(self, text: str) -> Any:
        """The value a link's `text` stands for; ValueError (in the user's terms) when none."""
        if self.kind == "number":
            value = float(text)
            if not math.isfinite(value) or not self.low <= value <= self.high:
                raise ValueError(f"{self.key} is between {self.low:g} and {self.high:g}")
            if isinstance(self.default, int) and value != int(value):
                raise ValueError(f"{self.key} is a whole number")
            return int(value) if isinstance(self.default, int) else value
        if self.kind == "choice":
            for option in self.options:
                if str(option) == text:
                    return option
            raise ValueError(f"{self.key} is one of {', '.join(map(str, self.options))}")
        if self.kind == "toggle":
            if text.lower() not in ("true", "false"):
                raise ValueError(f"{self.key} is true or false")
            return text.lower() == "true"
        if len(text) > self.max_chars:
            raise ValueError(f"{self.key} is at most {self.max_chars} characters")
        return text


def _declare(control: Control) -> Any:
    return dataclasses.field(default=control.default, metadata={"control": control})


def number(key: str, label: str, default: float, low: float, high: float, **kw: Any) -> Any:
    """An integer (integer default and step) or a float from `low` to `high`."""
    return _declare(Control("number", key, label, default, low=low, high=high, **kw))


def choice(key: str, label: str, options: tuple[Any, ...], default: Any = None, **kw: Any) -> Any:
    """One of `options` (the first unless `default`), shown and linked by its text."""
    return _declare(
        Control("choice", key, label, options[0] if default is None else default, options=options, **kw)
    )


def toggle(key: str, label: str, default: bool = False, **kw: Any) -> Any:
    """On or off; `true`/`false` in the link."""
    return _declare(Control("toggle", key, label, default, **kw))


def text(key: str, label: str, default: str, **kw: Any) -> Any:
    """Free text; `lines` > 1 draws a text area."""
    return _declare(Control("text", key, label, default, **kw))


def rows(key: str, label: str, default: int, low: int, high: int, **kw: Any) -> Any:
    """The rows of a setting that has rows and columns, keyed `{key}h`, beside `cols(key, ...)`."""
    return number(f"{key}h", f"{label} (rows)", default, low, high, row=key, **kw)


def cols(key: str, label: str, default: int, low: int, high: int, **kw: Any) -> Any:
    """The columns of a setting that has rows and columns, keyed `{key}w`, beside `rows(key, ...)`."""
    return number(f"{key}w", f"{label} (cols)", default, low, high, row=key, **kw)


@dataclass(frozen=True)
class Settings:
    """Base of every control group. Subclasses are frozen dataclasses whose fields are declared
    with the functions above. `FILLS` maps a URL key to what it fills in (a preset's values),
    applied when it changes and when a link gives it without those values; `CHANGES` to what
    only a change of it fills in (switching to typed values starts from the preset)."""

    FILLS: ClassVar[Mapping[str, Fill]] = {}
    CHANGES: ClassVar[Mapping[str, Fill]] = {}  # what a change of a control (not a link) fills in

    @classmethod
    @functools.cache  # pages ask for it dozens of times a run
    def controls(cls) -> tuple[tuple[str, Control], ...]:
        """(attribute, control) in drawing order."""
        return tuple(
            (f.name, f.metadata["control"]) for f in dataclasses.fields(cls) if "control" in f.metadata
        )

    @classmethod
    def keys(cls, prefix: str = "") -> frozenset[str]:
        """The URL keys of this group (each prefixed by `prefix`)."""
        return frozenset(prefix + control.key for _, control in cls.controls())

    @classmethod
    def key(cls, attribute: str) -> str:
        """The URL key of one attribute."""
        return dict(cls.controls())[attribute].key

    @classmethod
    def defaults(cls) -> dict[str, Any]:
        """Default values by URL key."""
        return {control.key: control.default for _, control in cls.controls()}

    @classmethod
    def from_values(cls, values: Values, prefix: str = "") -> Self:
        """Settings from values keyed by (prefixed) URL key; defaults for what is missing."""
        return cls(**{name: values.get(prefix + c.key, c.default) for name, c in cls.controls()})

    def values(self) -> dict[str, Any]:
        """This configuration by URL key."""
        return {control.key: getattr(self, name) for name, control in self.controls()}

    def to_params(self, prefix: str = "", complete: bool = False) -> dict[str, str]:
        """The link's values for this configuration: what differs from the defaults (every value
        when `complete`, so the link overrides what a session had set), and whatever a written
        preset would otherwise fill in its own way."""
        values, defaults = self.values(), self.defaults()
        written = {key for key, value in values.items() if complete or value != defaults[key]}
        for key in list(written):
            if key in self.FILLS:
                written |= set(self.FILLS[key](defaults | values)) & set(values)
        return {prefix + key: _as_text(values[key]) for key in values if key in written}


def link(*configurations: Settings) -> dict[str, str]:
    """A complete link for these configurations of a page's groups (a session's earlier values
    give way to it)."""
    return {key: text for c in configurations for key, text in c.to_params(complete=True).items()}


def _as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def read_link(group: type[Settings], params: Mapping[str, str], prefix: str = "") -> dict[str, Any]:
    """The values a link gives this group, parsed, plus what its presets fill in where the link
    does not say (a preset before the values it fills). Values that do not parse are left out."""
    values = {}
    for _, control in group.controls():
        text_value = params.get(prefix + control.key)
        if text_value is not None:
            with contextlib.suppress(ValueError):  # the page's link notice names it
                values[control.key] = control.parse(text_value)
    context = group.defaults() | values
    for key, fill in group.FILLS.items():
        if key in values:
            for filled, value in fill(context).items():
                values.setdefault(filled, value)
    return values


def keys_of(*groups: type[Settings]) -> frozenset[str]:
    """Every URL key of these groups: what a page that draws them accepts from a link."""
    return frozenset().union(*(group.keys() for group in groups))
