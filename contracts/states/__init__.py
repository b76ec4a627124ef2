"""Provider-state handlers shared by several pairs of one provider (a pair's own stay in its folder).

Two pairs verified against one provider may name the same state only with the same function:
those functions live here, and each pair's `provider_states.py` lists the ones it uses.
"""
