"""Use cases (sign-in, training, progress, demo, content sync). No Qt here."""
