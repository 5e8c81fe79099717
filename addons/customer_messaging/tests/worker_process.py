"""What the worker processes of the crash tests share (not a test module).

``sms_worker`` and ``outbox_worker`` run as separate processes on the test database,
with real commits, so that they can really die (``os._exit``) at a chosen point. Each
defines ``do_<action>(env, *args)`` functions and calls :func:`main`.
"""

import json
import os
import time
from pathlib import Path

CRASH_EXIT = 3


def main(actions, db, addons_path, action, *args):
    """Run ``actions["do_" + action]`` in a registry of ``db``, commit, print its result as JSON."""
    import odoo
    from odoo.tools import config

    config.parse_config(["-d", db, f"--addons-path={addons_path}", "--log-level=warn", "--no-http"])
    from odoo.modules.registry import Registry

    registry = Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        result = actions[f"do_{action}"](env, *args)
        # a worker process of its own: it commits as the real queue does
        cr.commit()  # pylint: disable=invalid-commit
    print(json.dumps(result), flush=True)  # pylint: disable=print-used


def wait_for_each_other(barrier, workers):
    """Go on only when every worker is ready, so that they really compete."""
    if not barrier:
        return
    Path(barrier, str(os.getpid())).touch()
    deadline = time.monotonic() + 120
    while len(list(Path(barrier).iterdir())) < int(workers) and time.monotonic() < deadline:
        time.sleep(0.02)


def delete_messages(env, model, res_ids):
    """Remove what the workers posted on these documents (messages and their emails)."""
    messages = env["mail.message"].search([("model", "=", model), ("res_id", "in", list(res_ids))])
    env["mail.mail"].search([("mail_message_id", "in", messages.ids)]).unlink()
    messages.unlink()
