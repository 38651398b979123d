"""The form every scorer reads, and the one JSON Lines line reader under every JSON Lines format.

A bottom layer: it imports nothing of the package but the error catalog and strict file reading.
"""
