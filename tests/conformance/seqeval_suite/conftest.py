# The plugin that redirects seqeval's imports (redirect.py) runs only in the subprocess of
# test_seqeval_suite.py: imported here it would redirect seqeval for the whole test session.
collect_ignore = ["redirect.py"]
