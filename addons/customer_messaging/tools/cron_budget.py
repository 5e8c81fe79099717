"""Time budgets for the queue crons, per call and per cron run.

Odoo 18 calls a batch cron up to ten times a run while it reports work left, and one
cron worker runs every ready job in turn after a sleep of up to a minute; the
watchdog (``limit_time_real_cron``, 120 s) counts from before that sleep and kills a
worker mid-send. So each queue keeps to a small budget per call *and* per run: calls
that follow each other within a second belong to one run; once the run's budget is
spent, a call does nothing and the queue's cron is triggered again, for a new run
the watchdog counts afresh.
"""

import time

_RUNS: dict[tuple, list[float]] = {}
#: calls further apart than this start a new run
RUN_GAP = 1.0


def call_deadline(key, per_call, per_run):
    """The monotonic time this call must stop at, or ``None`` when the run's budget
    is spent (do nothing, let the cron come again)."""
    now = time.monotonic()
    run = _RUNS.get(key)
    if run is None or now - run[1] > RUN_GAP:
        run = _RUNS[key] = [now, now]
    end_of_run = run[0] + per_run
    if now >= end_of_run:
        return None
    return min(now + per_call, end_of_run)


def call_done(key):
    """Mark the end of a call (the next one, if it comes at once, is the same run)."""
    run = _RUNS.get(key)
    if run is not None:
        run[1] = time.monotonic()
