# seqeval's own tests (upstream/) and the plugin that redirects their imports (redirect.py)
# run only in the subprocess of test_seqeval_suite.py: collected here they would run against
# seqeval itself, and importing the plugin would redirect seqeval for the whole test session.
collect_ignore = ["upstream", "redirect.py"]
