"""Plain objects that run one concern of a screen (a live turn, the lanes of a comparison)."""
