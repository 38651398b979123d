"""Readers of extractor outputs in the formats people bring (one module per format)."""
