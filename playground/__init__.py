"""`python -m playground` (`make demo`): the real bot with a fake Slack, drawn in a local web page.
Not part of the product's wheel: it runs from the repository, with the `playground` extra installed."""
