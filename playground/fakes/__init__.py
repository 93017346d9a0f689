"""Stand-ins for Slack itself, for the tests, the benchmarks and the local playground: a Web API
that answers like Slack and records every call, and what Slack's client sends back."""
