"""Suite-wide settings: modest hypothesis example counts and no deadlines (CI machines are noisy)."""

from hypothesis import HealthCheck, settings

settings.register_profile(
    "convlab", max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("convlab")
