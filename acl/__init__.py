"""Anti-corruption layer: translators between the legacy shop's vocabulary and the clean one."""
