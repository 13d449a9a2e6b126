"""The package version, kept equal to the Rust workspace version by a test."""

__version__ = "0.1.0"
