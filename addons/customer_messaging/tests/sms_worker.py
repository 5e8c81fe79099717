"""A real Odoo worker process for the SMS crash tests (not a test module).

Run by ``test_sms_crash`` as a separate process on the test database, with real
commits, so that it can really die (``os._exit``) at a chosen point:

``before_call``   after the claim is committed, before Twilio is called;
``after_accept``  Twilio accepted the message, before our commit;
``after_commit``  the first SMS's result is committed.

Usage: python sms_worker.py DB ADDONS_PATH ACTION [ARG...]; prints one JSON line.
"""

import os
import sys

from worker_process import CRASH_EXIT, main, wait_for_each_other


def _company(env):
    return env["res.company"].with_context(active_test=False).search([("name", "=", "SMS crash test")], limit=1)


def do_setup(env, base_url, account_sid, auth_token, count):
    company = _company(env) or env["res.company"].create({"name": "SMS crash test"})
    # this worker is not in test mode: where account is installed, giving a company a
    # country would install that country's accounting modules (and commit them) under
    # the running test suite; account's own switch for "no automatic install" stops it
    company.with_context(chart_template_load=True).write({"active": True, "country_id": env.ref("base.fr").id})
    env["messaging.sms.provider"].create(
        {
            "name": "Crash test Twilio",
            "kind": "twilio",
            "company_id": company.id,
            "twilio_account_sid": account_sid,
            "twilio_auth_token": auth_token,
            "twilio_from_number": "+15005550006",
            "twilio_api_url": base_url,
            "connect_timeout": 2,
            "read_timeout": 2,
            "status_callbacks": False,
            "rate_per_second": 0,  # these tests are about crashes, not the provider's rate
        }
    )
    company.messaging_sms_provider_mode = "own"
    sms_ids = []
    for index in range(int(count)):
        partner = env["res.partner"].create(
            {
                "name": f"Crash customer {index}",
                "mobile": f"+336000000{index:02d}",
                "company_id": company.id,
            }
        )
        message = partner._message_sms(f"Message {index}")
        sms_ids += env["sms.sms"].search([("mail_message_id", "=", message.id)]).ids
    return {"sms_ids": sms_ids}


def do_send(env, point="none", barrier=None, workers=1):
    from messaging_core.gateways import TwilioGateway

    sms_model = type(env["sms.sms"])
    original_send = TwilioGateway.send
    original_commit = sms_model._messaging_commit
    commits = []

    sent = []

    def send(self, message):
        if point == "before_call":
            os._exit(CRASH_EXIT)
        result = original_send(self, message)
        sent.append(message.to)
        if point == "after_accept":
            os._exit(CRASH_EXIT)
        return result

    def commit(self):
        original_commit(self)
        commits.append(1)
        if point == "after_commit" and len(commits) == 2:  # claim, then result of the first SMS
            os._exit(CRASH_EXIT)

    TwilioGateway.send = send
    sms_model._messaging_commit = commit
    if barrier:
        # the transaction (and its snapshot) starts before the other worker sends, as a
        # cron worker's does: the rows it then claims were changed since
        env.cr.execute("SELECT 1")
        wait_for_each_other(barrier, workers)
    env["sms.sms"]._process_queue()
    return {"sent": sent}


def do_claim_race(env):
    """Another worker claims and commits an SMS after this transaction's snapshot was
    taken (Odoo's REPEATABLE READ): claiming it here must skip it, not fail."""
    import psycopg2

    ids = env["sms.sms"].search([("messaging_company_id", "=", _company(env).id)], order="id").ids
    env.cr.execute("SELECT 1")  # this transaction's snapshot starts now
    with psycopg2.connect(dbname=env.cr.dbname) as other, other.cursor() as cr:
        cr.execute("UPDATE sms_sms SET state = 'process' WHERE id = %s", [ids[0]])
    first = env["sms.sms"]._messaging_claim(ids[0])
    second = env["sms.sms"]._messaging_claim(ids[1])
    return {"first": first.ids, "second": second.ids, "ids": ids}


def do_expire_leases(env):
    """Time passes: claims left by dead workers reach the end of their lease."""
    env.cr.execute(
        "UPDATE sms_sms SET messaging_next_try_at = now() at time zone 'utc' - interval '1 second'"
        " WHERE state = 'process' AND messaging_company_id = %s",
        [_company(env).id],
    )
    return {"expired": env.cr.rowcount}


def do_report(env):
    sms = env["sms.sms"].search([("messaging_company_id", "=", _company(env).id)], order="id")
    return [{"id": s.id, "number": s.number, "state": s.state, "sid": s.messaging_provider_message_id} for s in sms]


def do_cleanup(env):
    company = _company(env)
    sms = env["sms.sms"].search([("messaging_company_id", "=", company.id)])
    sms.mail_message_id.unlink()
    sms.unlink()
    env["res.partner"].search([("company_id", "=", company.id)]).unlink()
    company.messaging_sms_provider_mode = "iap"
    env["messaging.sms.provider"].with_context(active_test=False).search([("company_id", "=", company.id)]).unlink()
    return {"cleaned": True}


if __name__ == "__main__":
    main(globals(), *sys.argv[1:])
