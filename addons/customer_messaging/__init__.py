import os

# Odoo's own switch: a batch cron left partly done (our queues, which keep to a small
# budget a run, see tools/cron_budget.py) wakes the other cron workers as soon as its
# worker lets go of it, instead of at their next poll (up to a minute later).
os.environ.setdefault("ODOO_NOTIFY_CRON_CHANGES", "1")

from . import controllers
from . import models
from . import wizards
