"""Consumer-driven contracts: pacts per consumer→provider pair, their verification, can-i-deploy."""
