"""Studies over scorings: inter-annotator agreement, bootstrap intervals and paired
significance tests, and the diff of two gold versions with its score effects.
"""
