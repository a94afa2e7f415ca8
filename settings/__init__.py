"""Control groups, declared once: URL keys, types, defaults and bounds (pure Python)."""
