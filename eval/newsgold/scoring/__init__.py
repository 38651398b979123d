"""Scoring: matching kernels, counts and metrics, entity span modes (a registry), token modes,
events and TIMEX, and the result types. Takes the gold and predictions; knows no file format.
"""
