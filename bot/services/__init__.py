"""Use cases, one function each, between the Slack edge and the core and storage. Each owns its
transaction; listeners call exactly one and render what it returns."""
