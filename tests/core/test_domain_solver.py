"""The solver never writes to standard output, in a process of its own."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import highspy
from tavana.core.domain.solver import new_highs

h = new_highs(mip_rel_gap=0.0)
h.addVar(0.0, 4.0)
h.changeColIntegrality(0, highspy.HighsVarType.kInteger)
h.changeColCost(0, -1.0)
h.run()
print("value", int(round(h.getSolution().col_value[0])))
new_highs().run()
"""


def test_a_fresh_process_prints_only_its_own_output():
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "value 4\n"
    assert "HiGHS" not in done.stderr
