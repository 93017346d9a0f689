"""The entry point Slack's CLI starts: `slack run` asks `.slack/hooks.json` for its hooks, and the
`start` hook of the slack-cli-hooks package (`pip install -e ".[slack-cli]"`) runs this file, as in
Slack's Bolt templates. It runs the bot in Socket Mode with the tokens of the app the CLI made."""

import os
import sys

from bot.__main__ import main

# Older Slack CLIs hand the tokens over only under these names.
for cli_name, name in (("SLACK_CLI_XOXB", "SLACK_BOT_TOKEN"), ("SLACK_CLI_XAPP", "SLACK_APP_TOKEN")):
    if os.environ.get(cli_name) and not os.environ.get(name):
        os.environ[name] = os.environ[cli_name]

if __name__ == "__main__":
    sys.exit(main(["app.py", "run"]))
