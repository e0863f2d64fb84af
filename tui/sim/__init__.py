"""The OpenRouter protocol simulator, in parts; import it from ``tui.simulator``."""
