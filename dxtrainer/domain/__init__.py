"""Pure-Python rules of DX Trainer: content records, scoring, completion and mastery."""
