"""`python -m bot demo` (`make demo`): the real bot with a fake Slack, drawn in a local web page."""
