"""`python -m playground`: the demo page (see playground/demo.py)."""

import sys

from playground.demo import run_demo

if __name__ == "__main__":
    sys.exit(run_demo())
