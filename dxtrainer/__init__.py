"""DX Trainer: an offline desktop app that teaches municipal staff DX and digital literacy."""

__version__ = "0.1.0"
