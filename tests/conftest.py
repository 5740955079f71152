import sys

import matplotlib

matplotlib.use("Agg")


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
