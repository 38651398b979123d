"""Outputs: text/JSON/Markdown/CSV reports, the HTML page, mergeable counts, exports of the
gold, the leaderboard and the data card. They lay out results; they never match or score.
"""
