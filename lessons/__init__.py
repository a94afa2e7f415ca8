"""One module per page: build(settings, ...) -> a frozen view of what the page shows (pure Python)."""
