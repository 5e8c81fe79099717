import json
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from odoo.tests import TransactionCase
from odoo.tests.common import _super_send
from odoo.tools import config

from messaging_core.gateways import SandboxGateway
from messaging_core.testing.twilio_server import TwilioTestServer


def start_twilio_server(test_class):
    """A Twilio-compatible server on loopback for ``test_class`` (its ``account_sid``
    and ``auth_token``), stopped after the class."""
    server = TwilioTestServer(test_class.account_sid, test_class.auth_token).start()
    test_class.addClassCleanup(server.stop)
    return server


class MessagingSmsCommon(TransactionCase):
    """A company sending SMS through its own providers, and a French customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.fr")
        # SMS may leave at any hour: the clock never decides a test (those about the
        # sending hours set their own and freeze time)
        cls.company.write({"messaging_sms_hours_start": 0.0, "messaging_sms_hours_end": 24.0})
        # demo data may hold providers: each test sets up its own
        cls.env["messaging.sms.provider"].search([]).action_archive()
        cls.customer = cls.env["res.partner"].create(
            {
                "name": "Amélie Poulain",
                "mobile": "06 12 34 56 78",
                "country_id": cls.env.ref("base.fr").id,
            }
        )

    def setUp(self):
        super().setUp()
        SandboxGateway.clear_all()

    @classmethod
    def _create_provider(cls, kind="sandbox", company=None, **values):
        company = company or cls.company
        provider = cls.env["messaging.sms.provider"].create(
            {
                "name": values.pop("name", f"{kind} provider"),
                "kind": kind,
                "company_id": company.id,
                # no rate limit unless a test is about it: tests send at once
                "rate_per_second": values.pop("rate_per_second", 0.0),
                **values,
            }
        )
        company.messaging_sms_provider_mode = "own"
        return provider

    def _sandbox_outbox(self, provider):
        return SandboxGateway.outbox(provider._sandbox_name()).messages

    def _send_sms(self, record, body="Your car is ready.", **kwargs):
        """Post an SMS on ``record`` the way Odoo's SMS composer does."""
        message = record._message_sms(body, **kwargs)
        return self.env["sms.sms"].sudo().search([("mail_message_id", "=", message.id)])

    def _run_queue(self):
        self.env["sms.sms"].sudo()._process_queue()

    def _notification(self, sms):
        return (
            self.env["mail.notification"]
            .sudo()
            .search(
                [
                    ("mail_message_id", "=", sms.mail_message_id.id),
                    ("notification_type", "=", "sms"),
                ]
            )
        )


class MessagingTwilioCommon(MessagingSmsCommon):
    """A company sending through Twilio, the far end being a Twilio-compatible
    server on loopback driven through the real SDK."""

    account_sid = "AC" + "1" * 32
    auth_token = "loopback-auth-token"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = start_twilio_server(cls)
        cls.provider = cls._create_provider(
            "twilio",
            name="Twilio",
            twilio_account_sid=cls.account_sid,
            twilio_auth_token=cls.auth_token,
            twilio_from_number="+15005550006",
            twilio_api_url=cls.server.base_url,
            connect_timeout=1.0,
            read_timeout=1.0,
        )

    def setUp(self):
        super().setUp()
        self.server.reset()

    @classmethod
    def _request_handler(cls, session, request, /, **kwargs):
        # Odoo's test harness stretches every timeout to 10 s (and cannot read a
        # (connect, read) pair): our own loopback server gets the real timeouts.
        if urlsplit(request.url).port == cls.server.port:
            return _super_send(session, request, **kwargs)
        return super()._request_handler(session, request, **kwargs)

    def _received(self, to=None):
        """Messages the server created (accepted), oldest first."""
        return [m for m in self.server.messages if to is None or m["to"] == to]

    def _attempts(self, to):
        """Send requests the server got for ``to``, whatever became of them."""
        return [r for r in self.server.create_requests if r.form.get("To") == to]


class MessagingCase(TransactionCase):
    """A company, customers with and without consent, templates, a messaging user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.write(
            {
                "email": "shop@example.com",
                "country_id": cls.env.ref("base.fr").id,
                "messaging_bcc_archive_email": False,
                # SMS may leave at any hour: the clock never decides a test
                "messaging_sms_hours_start": 0.0,
                "messaging_sms_hours_end": 24.0,
            }
        )
        cls.env["messaging.sms.provider"].search([]).action_archive()
        cls.sms_provider = cls.env["messaging.sms.provider"].create(
            {"name": "Sandbox", "kind": "sandbox", "company_id": cls.company.id}
        )
        cls.company.messaging_sms_provider_mode = "own"
        Partner = cls.env["res.partner"]
        cls.fr = cls.env.ref("base.fr")
        cls.customer = Partner.create(
            {
                "name": "Amélie Poulain",
                "email": "amelie@example.com",
                "mobile": "06 12 34 56 78",
                "country_id": cls.fr.id,
                "messaging_accepts_email": True,
                "messaging_accepts_sms": True,
            }
        )
        cls.no_consent = Partner.create(
            {
                "name": "Nino Quincampoix",
                "email": "nino@example.com",
                "mobile": "06 98 76 54 32",
                "country_id": cls.fr.id,
            }
        )
        cls.no_email = Partner.create(
            {"name": "Hugo Marchand", "country_id": cls.fr.id, "messaging_accepts_email": True}
        )
        cls.user = cls.env["res.users"].create(
            {
                "name": "Marie Messaging",
                "login": "marie.messaging",
                "email": "marie@example.com",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref("customer_messaging.group_messaging_user").id,
                            cls.env.ref("base.group_partner_manager").id,
                        ],
                    )
                ],
            }
        )
        cls.template = cls.env["messaging.template"].create(
            {
                "name": "Welcome",
                "channel": "email",
                "subject": "Welcome @CUSTOMERNAME@",
                "body_html": "<p>Hello @CUSTOMERNAME@, this is @COMPANYNAME@.</p>",
                "note": "For new customers only.",
            }
        )
        cls.sms_template = cls.env["messaging.template"].create(
            {"name": "Ready", "channel": "sms", "body_text": "Hello @CUSTOMERNAME@, your order is ready."}
        )

    def setUp(self):
        super().setUp()
        SandboxGateway.clear_all()

    def _composer(self, partners, channel="email", record=None, **values):
        ctx = {
            "default_channel": channel,
            "default_partner_ids": partners.ids,
            "default_res_model": record._name if record else False,
            "default_res_id": record.id if record else False,
        }
        return self.env["messaging.composer"].with_context(**ctx).create(values)

    def _enqueue_service_emails(self, partners):
        """A service email of ``self.template`` to each of ``partners``, about the partner
        itself, planned in the outbox as later modules plan theirs."""
        return self.env["messaging.outbox"]._enqueue(
            [
                {
                    "source": "reminder",
                    "company_id": self.company.id,
                    "channel": "email",
                    "kind": "transactional",
                    "template_id": self.template.id,
                    "model": "res.partner",
                    "res_id": partner.id,
                    "partner_id": partner.id,
                }
                for partner in partners
            ]
        )

    def _sandbox_messages(self):
        return SandboxGateway.outbox(self.sms_provider._sandbox_name()).messages

    def _run_sms_queue(self):
        self.env["sms.sms"].sudo()._process_queue()


class SmtpSink:
    """A real SMTP server on loopback (aiosmtpd) keeping each envelope."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.envelopes = []
        import socket

        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.envelopes.append(envelope)
        return "250 OK"

    def start(self):
        self.controller.start()
        return self

    def stop(self):
        self.controller.stop()


def send_mail_queue(env, sink):
    """Run Odoo's mail queue against ``sink`` for real (Odoo skips SMTP in tests)."""
    with real_smtp(env, sink):
        env["mail.mail"].sudo().search([("state", "=", "outgoing")]).send(raise_exception=True)


@contextmanager
def real_smtp(env, sink):
    """Within the block, emails really reach ``sink`` when Odoo sends them (Odoo skips
    SMTP in tests): a message sent at once after commit is seen at the server."""
    from unittest.mock import patch

    env["ir.mail_server"].search([]).unlink()
    env["ir.mail_server"].create({"name": "Loopback", "smtp_host": "127.0.0.1", "smtp_port": sink.port})
    with patch("odoo.modules.module.current_test", False):
        yield


class WorkerProcessCase(TransactionCase):
    """Runs a worker script of this folder (``worker_script``) as real processes.

    The workers commit, so these tests write nothing in their own transaction (it
    would lock what the workers need)."""

    worker_script = None

    def _worker_args(self, action, *args):
        # next to the test module that names it (a bridge's tests have their own workers)
        script = Path(sys.modules[type(self).__module__].__file__).with_name(self.worker_script)
        return [sys.executable, str(script), self.env.cr.dbname, config["addons_path"], action, *map(str, args)]

    def _worker(self, action, *args, expect_exit=0):
        proc = subprocess.run(
            self._worker_args(action, *args), capture_output=True, text=True, timeout=300, check=False
        )
        self.assertEqual(proc.returncode, expect_exit, f"worker {action}: {proc.stderr[-3000:]}")
        lines = proc.stdout.strip().splitlines()
        return json.loads(lines[-1]) if lines and expect_exit == 0 else None

    def _workers_together(self, count, action, *args):
        """``count`` workers started at once, meeting at a barrier; their JSON results."""
        with tempfile.TemporaryDirectory() as barrier:
            argv = self._worker_args(action, *args, barrier, count)
            workers = [
                subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for __ in range(count)
            ]
            outputs = [worker.communicate(timeout=300) for worker in workers]
        results = []
        for worker, (stdout, stderr) in zip(workers, outputs, strict=True):
            self.assertEqual(worker.returncode, 0, stderr[-3000:])
            self.assertNotIn("Traceback", stderr, "a worker that meets the other one carries on")
            results.append(json.loads(stdout.strip().splitlines()[-1]))
        return results
