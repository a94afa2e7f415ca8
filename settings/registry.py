"""Every URL key the control groups declare, found from the declarations themselves."""

from __future__ import annotations

import functools
import importlib
import pkgutil

import settings
from settings.backprop import POOL_PREFIX
from settings.fields import Control, Settings
from settings.pool import PoolSettings


def _subclasses(cls: type[Settings]) -> set[type[Settings]]:
    return {sub for direct in cls.__subclasses__() for sub in {direct, *_subclasses(direct)}}


@functools.cache
def controls_by_key() -> dict[str, Control]:
    """Every URL key any control group declares (the Backpropagation page's pooling keys with
    their prefix), with its control."""
    for module in pkgutil.iter_modules(settings.__path__):
        importlib.import_module(f"settings.{module.name}")
    found = {control.key: control for group in _subclasses(Settings) for _, control in group.controls()}
    return found | {POOL_PREFIX + control.key: control for _, control in PoolSettings.controls()}


def url_keys() -> frozenset[str]:
    """Every URL key any control group declares, and the Backpropagation page's prefixed pooling keys."""
    return frozenset(controls_by_key())
