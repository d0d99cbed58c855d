"""When, at which commit and on what machine a benchmark ran: the first line of its published table."""

from __future__ import annotations

import os
import platform
import subprocess
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cpu_name() -> str:
    """The processor's model name (``/proc/cpuinfo``), or what ``platform`` knows of it."""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def provenance(how: str) -> str:
    """One paragraph: the date, the commit (``-dirty`` if the tree had changes), the machine, ``how``."""
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    sentence = (
        f"Measured {time.strftime('%Y-%m-%d %H:%M %Z')} at commit {commit or 'unknown'} "
        f"on {os.cpu_count()} x {cpu_name()}, Python {platform.python_version()} "
        f"(load average {load} at the end); {how}"
    )
    return textwrap.fill(sentence, 100)
