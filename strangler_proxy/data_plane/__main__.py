"""`python -m strangler_proxy.data_plane`: serve the proxy in one process (uvloop)."""

from .app import main

main()
