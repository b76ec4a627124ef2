"""The route table: path patterns and methods mapped to features; matching cost is flat in size.

A table is immutable; the poller builds a new one and swaps it in with one assignment, so a request
always sees one consistent version.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from strangler_proxy.stages import Stage

PARAM = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)(\*?)\}$")


class RouteTableError(ValueError):
    """The table document is malformed; the message names the bad entry."""


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    backend: str
    stage: Stage = Stage.LEGACY
    percent: int = 0
    write_hold: bool = False
    # Explicit cohort pins: a user key (user id or anonymous cookie) forced to legacy or new.
    pins: Mapping[str, str] = field(default_factory=dict)
    normaliser: str | None = None
    noise_fields: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Route:
    id: str
    feature: Feature
    pattern: str
    methods: frozenset[str]
    new_path: str | None = None
    translator: str | None = None
    timeout: float = 10.0
    retries: int = 1
    fallback: bool = True
    # Position in the table: when several routes match, the earliest one wins.
    order: int = 0

    def new_target_path(self, params: Mapping[str, str], legacy_path: str) -> str:
        if self.new_path is None:
            return legacy_path
        return self.new_path.format_map(params)


@dataclass(frozen=True, slots=True)
class Match:
    route: Route
    params: Mapping[str, str]


class _Node:
    __slots__ = ("literal", "param", "param_name", "rest", "routes")

    def __init__(self) -> None:
        self.literal: dict[str, _Node] = {}
        self.param: _Node | None = None
        self.param_name = ""
        self.rest: list[tuple[str, Route]] = []
        self.routes: list[Route] = []


@dataclass(frozen=True)
class RouteTable:
    version: int
    features: Mapping[str, Feature]
    routes: tuple[Route, ...]
    _root: _Node = field(repr=False, compare=False, default_factory=_Node)

    def match(self, method: str, path: str) -> Match | None:
        """The first route (in table order) whose pattern and methods accept the request."""
        segments = path.split("/")[1:]
        found: list[tuple[int, Route, dict[str, str]]] = []
        _walk(self._root, segments, 0, {}, method, found)
        if not found:
            return None
        _, route, params = min(found, key=lambda item: item[0])
        return Match(route=route, params=params)


def _accepts(route: Route, method: str) -> bool:
    return not route.methods or method in route.methods


def _walk(
    node: _Node,
    segments: list[str],
    index: int,
    params: dict[str, str],
    method: str,
    found: list[tuple[int, Route, dict[str, str]]],
) -> None:
    # Depth-first over literal, then parameter, then catch-all children: cost depends on the
    # path's depth, not on how many routes the table holds.
    for name, route in node.rest:
        if _accepts(route, method):
            rest = "/".join(segments[index:])
            found.append((route.order, route, {**params, name: rest}))
    if index == len(segments):
        for route in node.routes:
            if _accepts(route, method):
                found.append((route.order, route, dict(params)))
                break
        return
    segment = segments[index]
    child = node.literal.get(segment)
    if child is not None:
        _walk(child, segments, index + 1, params, method, found)
    if node.param is not None and segment:
        _walk(node.param, segments, index + 1, {**params, node.param_name: segment}, method, found)


def build_table(document: Mapping[str, Any]) -> RouteTable:
    """A RouteTable from the control plane's JSON document (see README: "Route table document")."""
    try:
        version = int(document.get("version", 0))
        raw_features = document.get("features", [])
    except (TypeError, ValueError, AttributeError) as exc:
        raise RouteTableError(f"bad table document: {exc}") from exc
    root = _Node()
    features: dict[str, Feature] = {}
    routes: list[Route] = []
    for raw in raw_features:
        feature = _feature(raw)
        features[feature.name] = feature
        for raw_route in raw.get("routes", []):
            route = _route(raw_route, feature, order=len(routes))
            routes.append(route)
            _insert(root, route)
    return RouteTable(version=version, features=features, routes=tuple(routes), _root=root)


def _feature(raw: Mapping[str, Any]) -> Feature:
    try:
        return Feature(
            name=str(raw["name"]),
            backend=str(raw["backend"]),
            stage=Stage(raw.get("stage", "legacy")),
            percent=int(raw.get("percent", 0)),
            write_hold=bool(raw.get("write_hold", False)),
            pins={str(k): str(v) for k, v in (raw.get("pins") or {}).items()},
            normaliser=raw.get("normaliser") or None,
            noise_fields=frozenset(raw.get("noise_fields") or ()),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise RouteTableError(f"bad feature {raw!r}: {exc}") from exc


def _route(raw: Mapping[str, Any], feature: Feature, *, order: int) -> Route:
    try:
        pattern = str(raw["pattern"])
        if not pattern.startswith("/"):
            raise ValueError("pattern must start with /")
        return Route(
            id=str(raw.get("id") or pattern),
            feature=feature,
            pattern=pattern,
            methods=frozenset(m.upper() for m in raw.get("methods") or ()),
            new_path=raw.get("new_path") or None,
            translator=raw.get("translator") or None,
            timeout=float(raw.get("timeout", 10.0)),
            retries=int(raw.get("retries", 1)),
            fallback=bool(raw.get("fallback", True)),
            order=order,
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise RouteTableError(f"bad route {raw!r} of feature {feature.name}: {exc}") from exc


def _insert(root: _Node, route: Route) -> None:
    node = root
    segments = route.pattern.split("/")[1:]
    for position, segment in enumerate(segments):
        param = PARAM.match(segment)
        if param and param.group(2):
            if position != len(segments) - 1:
                raise RouteTableError(f"{route.pattern}: a {{name*}} catch-all must come last")
            node.rest.append((param.group(1), route))
            return
        if param:
            if node.param is None:
                node.param = _Node()
                node.param_name = param.group(1)
            elif node.param_name != param.group(1):
                raise RouteTableError(
                    f"{route.pattern}: parameter {{{param.group(1)}}} clashes with "
                    f"{{{node.param_name}}} at the same position in another route"
                )
            node = node.param
        else:
            node = node.literal.setdefault(segment, _Node())
    node.routes.append(route)


EMPTY_TABLE = build_table({"version": 0, "features": []})
