"""Recording what a page reads: a Jinja environment that lists every attribute its templates take from model
entities, and every pure helper they call (see :func:`wijkgen.render.templates.tracks_result`).

:mod:`wijkgen.speed.dependencies` turns these reads into a page's dependencies.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import jinja2

from wijkgen.render.pages import Page
from wijkgen.render.templates import Renderer

Read = tuple[Any, str]


RESULT = "="  # the attribute of a read that stands for the result of a helper call



@dataclass(frozen=True)
class HelperCall:
    """A call of a template helper whose *result* is what the page depends on (see :func:`tracks_result`)."""

    name: str
    args: tuple[Any, ...]
    result: Any = field(default=None, compare=False)  # what it returned, so nobody need call it again



class _RecordingContext(jinja2.runtime.Context):
    """A template context that notes the arguments of calls to functions (see :class:`RecordingEnvironment`)."""

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Call ``obj`` as Jinja does; while recording, its recorded-type arguments count as read whole."""
        env = self.environment
        # A macro's reads are recorded as they happen (it is never read whole, it tracks no result): the most
        # frequent call in a template costs nothing extra.
        if type(obj) is not _MACRO and getattr(env, "reads", None) is not None:
            assert isinstance(env, RecordingEnvironment)
            name = getattr(obj, "tracks_result", None)
            if name is not None and _jinja_kwargs_only(kwargs):
                result = super().call(obj, *args, **kwargs)
                env.reads.append((HelperCall(name, args, result), RESULT))  # type: ignore[union-attr]
                return result
            types = env.recorded_types
            if any(type(value) in types for value in args) or (
                kwargs and any(type(value) in types for value in kwargs.values())
            ):
                env.record_whole(obj, (*args, *kwargs.values()))
        return super().call(obj, *args, **kwargs)


_MACRO = jinja2.runtime.Macro
_JINJA_KWARGS = frozenset({"_loop_vars", "_block_vars"})  # Jinja's own, not the call's


def _jinja_kwargs_only(kwargs: dict[str, Any]) -> bool:
    """True when a call's keyword arguments are only those Jinja adds itself."""
    return not kwargs or _JINJA_KWARGS.issuperset(kwargs)



class RecordingEnvironment(jinja2.Environment):
    """A Jinja environment that can list what a render read from objects of ``recorded_types``.

    While ``reads`` is a list, every ``obj.attr`` and ``obj["key"]`` in a template
    on such an object appends ``(obj, "attr")``, and every such object handed to
    a function or to a filter that is not Jinja's own appends ``(obj, "*")``:
    that function may read all of it. Macros are followed, not counted whole:
    their reads are recorded as they happen. :mod:`wijkgen.speed.dependencies` turns
    these reads into a page's dependencies.
    """

    context_class = _RecordingContext
    reads: list[Read] | None = None
    recorded_types: frozenset[type] = frozenset()
    _own_filters_recorded = False

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template."""
        if self.reads is not None and type(obj) in self.recorded_types:
            self.reads.append((obj, attribute))
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        """``obj[argument]`` in a template."""
        if self.reads is not None and type(obj) in self.recorded_types and isinstance(argument, str):
            self.reads.append((obj, argument))
        return super().getitem(obj, argument)

    def record_whole(self, func: Any, arguments: tuple[Any, ...]) -> None:
        """Note the recorded-type ``arguments`` of a call to ``func`` as read whole, unless Jinja follows it."""
        assert self.reads is not None
        whole = [value for value in arguments if type(value) in self.recorded_types]
        if whole and not isinstance(func, jinja2.runtime.Macro) and not getattr(func, "reads_keys_only", False):
            self.reads.extend((value, "*") for value in whole)

    def record_calls_to_own_filters(self) -> None:
        """Make filters and tests added by wijkgen (not Jinja's own) record the objects they are given."""
        if self._own_filters_recorded:
            return
        self._own_filters_recorded = True
        for table, builtin in ((self.filters, jinja2.filters.FILTERS), (self.tests, jinja2.tests.TESTS)):
            for name, func in list(table.items()):
                if func is not builtin.get(name) and not getattr(func, "reads_keys_only", False):
                    table[name] = self._recording(func)

    def _recording(self, func: Any) -> Any:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if self.reads is not None:
                self.record_whole(func, (*args, *kwargs.values()))
            return func(*args, **kwargs)

        wrapper.reads_keys_only = True  # type: ignore[attr-defined]
        return wrapper


def render_recording(renderer: Renderer, page: Page, types: frozenset[type]) -> tuple[str, list[Read]]:
    """The HTML of ``page`` and every ``(object, attribute)`` its templates read from objects of ``types``;
    ``renderer`` must have been made with a :class:`RecordingEnvironment`."""
    env = renderer.env
    assert isinstance(env, RecordingEnvironment), "render_recording needs Renderer(..., RecordingEnvironment)"
    reads: list[Read] = []
    env.record_calls_to_own_filters()
    env.recorded_types = types
    env.reads = reads
    try:
        return renderer.render(page), reads
    finally:
        env.reads = None
