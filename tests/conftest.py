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
