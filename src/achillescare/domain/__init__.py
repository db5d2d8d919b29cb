"""The pure domain core: data in, data out, no I/O, no framework (enforced by import-linter)."""
