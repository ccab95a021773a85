"""Seed Test #13 for real: the counter under uWSGI with several processes and threads."""

from __future__ import annotations

import pytest

from examples.counter_lab import LAYOUTS, run_layout

pytestmark = pytest.mark.server


@pytest.mark.parametrize(("processes", "threads"), LAYOUTS, ids=[f"{p}x{t}" for p, t in LAYOUTS])
def test_store_is_exact_and_global_only_in_one_process(processes: int, threads: int) -> None:
    outcome = run_layout(processes, threads, requests=2000, clients=16)
    # State outside the app server is exact under every layout ...
    assert outcome.store_final == 2000
    assert outcome.store_repeats == 0
    # ... a module global is exact only when one process serves everything.
    if processes == 1:
        assert outcome.global_right, outcome
    else:
        assert outcome.global_max < 2000 and outcome.global_repeats > 0, outcome
