"""The operations, each with its forward, backward and loop twin side by side."""
