"""The engine's operations: each op's forward, backward and loop twin side by side."""
