import sys

import matplotlib
import pytest

matplotlib.use("Agg")

# Tests marked `slow` (SymPy, widgets, plots, timings) still run by default; mutation runs
# deselect them with -m "not slow". Files whose every test is slow, and single slow tests in
# files that do not mark their own:
SLOW_FILES = ("test_widgets", "test_plots.py", "test_sources.py", "test_symbolic")
SLOW_TESTS = ("test_three_way_table_",)


def pytest_collection_modifyitems(items: list) -> None:
    for item in items:
        name = item.path.name if hasattr(item, "path") else ""
        if name.startswith(SLOW_FILES) or item.name.startswith(SLOW_TESTS):
            item.add_marker(pytest.mark.slow)

def pytest_terminal_summary(terminalreporter) -> None:
    """The JupyterLab test's Run All wall time per chapter (tests/test_jupyterlab.py)."""
    module = sys.modules.get("test_jupyterlab")
    times = getattr(module, "TIMES", None)
    if not times:
        return
    terminalreporter.section("JupyterLab: Run All wall time per chapter")
    for name, seconds in times.items():
        terminalreporter.write_line(f"{name:32s} {seconds:6.1f} s")
    terminalreporter.write_line(f"{'total':32s} {sum(times.values()):6.1f} s")
