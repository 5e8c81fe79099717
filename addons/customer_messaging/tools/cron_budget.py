"""Time budgets for the queue crons, per call and per cron run.

Odoo 18 calls a batch cron up to ten times a run while it reports work left, and one
cron worker runs every ready job in turn after a sleep of up to a minute; the
watchdog (``limit_time_real_cron``, 120 s) counts from before that sleep and kills a
worker mid-send. So each queue keeps to a small budget per call *and* per run. The
calls of one run share the run's cursor (Odoo opens one per run): the run's start is
kept on it. Once the run's budget is spent, a call does nothing and the queue's cron
is triggered again, for a new run the watchdog counts afresh.
"""

import time


def call_deadline(cr, name, per_call, per_run):
    """The monotonic time this call must stop at, or ``None`` when the run's budget
    is spent (do nothing, let the cron come again)."""
    now = time.monotonic()
    runs = cr.__dict__.setdefault("_messaging_cron_runs", {})
    started = runs.setdefault(name, now)
    end_of_run = started + per_run
    if now >= end_of_run:
        return None
    return min(now + per_call, end_of_run)
