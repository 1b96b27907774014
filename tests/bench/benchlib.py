"""What the benchmark scripts share (standard library only): logging and the machine details
printed above each result table."""

import os
import subprocess
import sys


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def cpu_model():
    """The CPU's model name from /proc/cpuinfo, "?" when unknown."""
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def git_rev(root):
    """The short commit of the checkout at `root` ("" outside git)."""
    return subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
