"""The legacy `Y`/`N` flags as booleans and back."""

from typing import Any

from .errors import FlagError

YES = "Y"
NO = "N"


def yn_to_bool(flag: Any) -> bool:
    """`Y` is true, `N` is false; anything else (`y`, `""`, None, 1) is refused."""
    if flag == YES and isinstance(flag, str):
        return True
    if flag == NO and isinstance(flag, str):
        return False
    raise FlagError(f"expected the legacy flag 'Y' or 'N', got {flag!r}")


def bool_to_yn(value: Any) -> str:
    """True is `Y`, false is `N`; only real booleans are accepted."""
    if not isinstance(value, bool):
        raise FlagError(f"expected true or false, got {value!r} ({type(value).__name__})")
    return YES if value else NO
