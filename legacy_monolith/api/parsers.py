"""JSON request parsing that turns every unreadable body into a 400, never a 500."""

from typing import Any

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class LegacyJSONParser(JSONParser):
    """DRF's JSON parser, plus: a body nested too deeply for Python's decoder is a ParseError.

    The standard library raises RecursionError (not ValueError) for e.g. 100,000 `[`s, which
    DRF's parser lets through as a server error.
    """

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - the body is nested too deeply") from None
