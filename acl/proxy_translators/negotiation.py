"""Content negotiation as the monolith's DRF does it: JSON or a 406, `?format=`, `indent`.

The monolith renders JSON only: `?format=` anything but `json` is a 404, and the `Accept` header
must admit `application/json` (`*/*`, `application/*`, `application/json`, in any order of
preference: DRF ignores `q`). A media type parameter `indent=N` (0 to 8) pretty-
prints the answer. These checks come before signing in, so they consult no session.
"""

from __future__ import annotations

from dataclasses import dataclass

from strangler_proxy.data_plane.translation import ApiRequest

JSON = "application/json"
# rest_framework.negotiation.DefaultContentNegotiation's bounds on the Accept header.
MAX_ACCEPT_LENGTH = 8192
MAX_ACCEPT_TOKENS = 64
MAX_MEDIA_TYPE_LENGTH = 256
NOT_ACCEPTABLE = "Could not satisfy the request Accept header."


class Unacceptable(Exception):
    """The monolith renders nothing the request accepts: `status` 406, or 404 for `?format=`."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class _MediaType:
    orig: str
    main_type: str
    sub_type: str
    params: dict[str, str]

    @classmethod
    def parse(cls, token: str) -> _MediaType:
        """As Django's `parse_header_parameters`: type and parameter names lower-cased."""
        parts = token.split(";")
        main_type, _, sub_type = parts[0].strip().lower().partition("/")
        params = {}
        for part in parts[1:]:
            name, sep, value = part.strip().partition("=")
            if sep:
                value = value.strip()
                if len(value) >= 2 and value[0] == value[-1] == '"':
                    value = value[1:-1]
                params[name.strip().lower()] = value
        return cls(token, main_type, sub_type, params)

    @property
    def precedence(self) -> int:
        if self.main_type == "*":
            return 0
        if self.sub_type == "*":
            return 1
        if not self.params or list(self.params) == ["q"]:
            return 2
        return 3

    def admits_json(self) -> bool:
        return self.main_type in ("*", "application") and self.sub_type in ("*", "json")


def accepted_media_type(request: ApiRequest, format_value: str) -> str:
    """The media type the monolith would answer in (with the client's parameters); raises
    `Unacceptable` when it would refuse. `format_value` is the request's `?format=`."""
    if format_value and format_value != "json":
        raise Unacceptable(404, "Not found.")
    header = request.headers.get("Accept", "*/*")
    if len(header) > MAX_ACCEPT_LENGTH:
        cut = header.rfind(",", 0, MAX_ACCEPT_LENGTH)
        header = header[: cut + 1] if cut != -1 else ""
    tokens = [t.strip() for t in header.split(",")]
    tokens = [t for t in tokens if t and len(t) <= MAX_MEDIA_TYPE_LENGTH][:MAX_ACCEPT_TOKENS]
    parsed = [_MediaType.parse(token) for token in tokens]
    for precedence in (3, 2, 1, 0):
        for media_type in parsed:
            if media_type.precedence == precedence and media_type.admits_json():
                if precedence < 2:
                    # `*/*;indent=4` is answered as `application/json;indent=4`.
                    return ";".join([JSON, *(f"{k}={v}" for k, v in media_type.params.items())])
                return media_type.orig
    raise Unacceptable(406, NOT_ACCEPTABLE)


def indent_of(media_type: str) -> int | None:
    """DRF's `indent` parameter: 1 to 8 spaces; 0, absent or not a number is compact."""
    try:
        indent = max(min(int(_MediaType.parse(media_type).params["indent"]), 8), 0)
    except (KeyError, ValueError):
        return None
    return indent or None
