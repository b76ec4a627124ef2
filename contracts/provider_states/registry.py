"""The provider's state handlers: the PROVIDER_STATES dicts of every pair verified against it.

A pair's `provider_states.py` maps each state name its consumer test uses to a function that
takes the state's parameters by name (`def product_with_stock(*, prod_id: int, qty: int)`).
A handler may return a dict of values for the interaction (a signed token for its request's
`Authorization` header, say), which the verifier injects where the pact asks for them. A
states file may also define `reset()`, run after every interaction once the tables are empty,
for state kept outside the database (an in-memory stand-in of another service).
"""

import functools
import importlib.util
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from contracts.config import ContractsConfig, load_config
from contracts.guards import StateSignature

from .conf import provider_setting
from .database import sequences_catch_up

StateFunction = Callable[..., dict[str, Any] | None]
ResetFunction = Callable[[], None]


class StateRefused(Exception):
    """A state the provider cannot set up: unknown, wrong parameters, or its handler failed."""


@dataclass(frozen=True)
class StateHandler:
    name: str
    function: StateFunction
    source: Path

    @property
    def signature(self) -> StateSignature:
        return signature_of(self.function, where=f"{self.source}: {self.name!r}")


class StateRegistry:
    def __init__(self, handlers: dict[str, StateHandler], resets: tuple[ResetFunction, ...] = ()):
        self.handlers = handlers
        self.resets = resets

    def describe(self) -> dict[str, dict[str, Any]]:
        return {name: h.signature.as_description() for name, h in sorted(self.handlers.items())}

    def setup(self, name: str, params: dict[str, Any]) -> dict[str, Any]:
        """Set the state up; returns the values it provides to the interaction (maybe none)."""
        handler = self.handlers.get(name)
        if handler is None:
            raise StateRefused(f"no handler for provider state {name!r}")
        problems = handler.signature.parameter_problems(params)
        if problems:
            raise StateRefused(f"provider state {name!r}: {'; '.join(problems)}")
        with transaction.atomic():
            values = handler.function(**params)
            sequences_catch_up()
        if values is not None and not isinstance(values, dict):
            raise StateRefused(
                f"provider state {name!r} returned {type(values).__name__}: a handler returns "
                "None or a dict of values for the interaction"
            )
        return values or {}

    def reset(self) -> None:
        for reset in self.resets:
            reset()


def signature_of(function: StateFunction, *, where: str) -> StateSignature:
    """The parameters a handler takes; handlers take them by name only, so order never matters."""
    required: set[str] = set()
    optional: set[str] = set()
    accepts_more = False
    for param in inspect.signature(function).parameters.values():
        if param.kind is inspect.Parameter.VAR_KEYWORD:
            accepts_more = True
        elif param.kind is inspect.Parameter.KEYWORD_ONLY:
            (required if param.default is inspect.Parameter.empty else optional).add(param.name)
        else:
            raise ImproperlyConfigured(
                f"{where}: state handlers take their parameters by name only "
                f"(def {function.__name__}(*, {param.name}: ...)), not {param.kind.description}"
            )
    return StateSignature(
        required=frozenset(required), optional=frozenset(optional), accepts_more=accepts_more
    )


def load_registry(provider: str, config: ContractsConfig) -> StateRegistry:
    handlers: dict[str, StateHandler] = {}
    resets: list[ResetFunction] = []
    for pair in config.pairs_verified_against(provider):
        states, reset = _states_of(pair.states)
        if reset is not None and reset not in resets:
            resets.append(reset)
        for name, function in states.items():
            known = handlers.get(name)
            if known is not None and known.function is not function:
                raise ImproperlyConfigured(
                    f"provider state {name!r} has two handlers: in {known.source} and {pair.states}; "
                    "share one function between the pairs"
                )
            handler = StateHandler(name=name, function=function, source=pair.states)
            handler.signature  # noqa: B018 - refuse a handler with positional parameters now
            handlers[name] = handler
    return StateRegistry(handlers, tuple(resets))


def _states_of(path: Path) -> tuple[dict[str, StateFunction], ResetFunction | None]:
    if not path.is_file():
        raise ImproperlyConfigured(f"{path} is missing: it holds the pair's PROVIDER_STATES")
    # Pair folders are named consumer-provider, which is no package name: load the file itself.
    module_name = f"contracts_states_{path.parent.name}_{path.stem}".replace("-", "_")
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ImproperlyConfigured(f"{path} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    states = getattr(module, "PROVIDER_STATES", None)
    if not isinstance(states, dict) or not all(callable(f) for f in states.values()):
        raise ImproperlyConfigured(f"{path} must define PROVIDER_STATES = {{state name: function}}")
    reset = getattr(module, "reset", None)
    if reset is not None and not callable(reset):
        raise ImproperlyConfigured(f"{path}: reset must be a function taking no arguments")
    return states, reset


@functools.cache
def registry() -> StateRegistry:
    """The registry of this process's provider (CONTRACTS_PROVIDER["NAME"])."""
    return load_registry(provider_setting("NAME"), load_config())
