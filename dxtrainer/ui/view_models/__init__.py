"""Qt-free view models: what a screen shows, worded and formatted, as plain data."""
