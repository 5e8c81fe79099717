from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .common import MessagingCase, SmtpSink, send_mail_queue


@tagged("post_install", "-at_install")
class TestBulk(MessagingCase):
    def _bulk_composer(self, partners, channel="email", **values):
        return self._composer(partners, channel, **values)

    def _start(self, partners, channel="email", template=None):
        template = template or (self.template if channel == "email" else self.sms_template)
        if len(partners) == 1:  # one customer from the composer is a direct message: make the bulk here
            bulk = self.env["messaging.bulk"].create(
                {"channel": channel, "template_id": template.id, "partner_ids": [(6, 0, partners.ids)]}
            )
            bulk.action_start()
            return bulk
        composer = self._bulk_composer(partners, channel)
        composer.template_id = template
        action = composer.action_send()
        return self.env["messaging.bulk"].browse(action["res_id"])

    def _dispatch(self, **kwargs):
        """The outbox writes the messages, then Odoo's queues send them (as their crons,
        which the outbox wakes, do)."""
        handled = self.env["messaging.outbox"]._dispatch(auto_commit=False, **kwargs)
        self._send_queues()
        return handled

    def _send_queues(self):
        self.env["mail.mail"].sudo().process_email_queue()
        self.env["sms.sms"].sudo()._process_queue()

    def test_counts_before_sending(self):
        invalid = self.env["res.partner"].create(
            {"name": "Bad", "email": "not-an-email", "messaging_accepts_email": True}
        )
        composer = self._bulk_composer(self.customer | self.no_consent | self.no_email | invalid)
        self.assertTrue(composer.is_bulk)
        summary = composer.recipient_summary
        self.assertIn("4 recipients: 1 will receive it.", summary)
        self.assertIn("No email address: 1", summary)
        self.assertIn("No consent (marketing messages need it): 1", summary)
        self.assertIn("Invalid email address: 1", summary)
        sms = self._bulk_composer(self.customer | self.no_email | self.no_consent, "sms")
        self.assertIn("No mobile number: 1", sms.recipient_summary)

    def test_bulk_email_skips_and_says_why(self):
        bulk = self._start(self.customer | self.no_consent | self.no_email)
        self.assertEqual(bulk.state, "running")
        self._dispatch()
        self.assertEqual(bulk.state, "done")
        self.assertEqual((bulk.sent_count, bulk.skipped_count, bulk.failed_count), (1, 2, 0))
        self.assertIn("No consent (marketing messages need it): 1", bulk.summary)
        self.assertIn("No email address: 1", bulk.summary)
        rows = {row.partner_id: row for row in bulk.outbox_ids}
        self.assertEqual(rows[self.no_consent].reason, "no_consent")
        message = rows[self.customer].message_id
        self.assertEqual(message.subject, "Welcome Amélie Poulain", "rendered for each customer")
        self.assertIn(message, self.customer.messaging_email_history_ids, "in the customer's history")
        self.assertEqual(self.template.send_count, 1)

    def test_started_twice_sends_once(self):
        bulk = self._start(self.customer)
        with self.assertRaisesRegex(UserError, "already started"):
            bulk.action_start()
        # a second enqueue of the same rows (a retried request) adds nothing
        added = self.env["messaging.outbox"]._enqueue(
            [
                {
                    "source": "bulk",
                    "event": bulk.id,
                    "company_id": self.company.id,
                    "channel": "email",
                    "kind": "marketing",
                    "model": "res.partner",
                    "res_id": self.customer.id,
                    "partner_id": self.customer.id,
                    "bulk_id": bulk.id,
                }
            ]
        )
        self.assertEqual(added, [])
        self._dispatch()
        self._dispatch()
        self.assertEqual(len(self.customer.messaging_email_history_ids), 1)

    def test_consent_checked_again_at_send_time(self):
        bulk = self._start(self.customer)
        self.customer.messaging_accepts_email = False
        self._dispatch()
        self.assertEqual(bulk.outbox_ids.reason, "no_consent")
        self.assertFalse(self.customer.messaging_email_history_ids)

    def test_blacklisted_email_is_skipped(self):
        self.env["mail.blacklist"]._add("amelie@example.com")
        bulk = self._start(self.customer)
        self._dispatch()
        self.assertEqual(bulk.outbox_ids.reason, "blacklisted")

    def test_thousands_in_batches_with_progress(self):
        self.company.messaging_email_daily_limit = 0
        partners = self.env["res.partner"].create(
            [
                {"name": f"Customer {i}", "email": f"c{i}@example.com", "messaging_accepts_email": True}
                for i in range(450)
            ]
        )
        bulk = self._start(partners)
        self.assertEqual((bulk.recipient_count, bulk.progress), (450, 0))
        self._dispatch(batch_size=200, max_batches=1)
        bulk.invalidate_recordset()
        self.assertEqual(bulk.sent_count, 200)
        self.assertAlmostEqual(bulk.progress, 100 * 200 / 450, places=3)
        self.assertEqual(bulk.state, "running")
        self._dispatch(batch_size=200)
        bulk.invalidate_recordset()
        self.assertEqual((bulk.sent_count, bulk.state), (450, "done"))

    def test_bulk_sms(self):
        bulk = self._start(self.customer | self.no_consent, "sms")
        self._dispatch()
        self.assertEqual((bulk.sent_count, bulk.skipped_count), (1, 1))
        self._run_sms_queue()
        self.assertEqual([m.to for m in self._sandbox_messages()], ["+33612345678"])
        self.assertEqual(
            self.customer.messaging_sms_history_ids.messaging_body_text, "Hello Amélie Poulain, your order is ready."
        )

    def test_template_error_on_one_customer_does_not_stop_the_others(self):
        template = self.env["messaging.template"].create(
            {"name": "Fragile", "subject": "Hi", "body_html": "<p>{{ 10 / (@CUSTOMERNAME@|length - 5) }}</p>"}
        )
        bob = self.env["res.partner"].create(
            {"name": "Bobby", "email": "bob@example.com", "messaging_accepts_email": True}
        )
        bulk = self._start(self.customer | bob, template=template)
        self._dispatch()
        rows = {row.partner_id: row for row in bulk.outbox_ids}
        self.assertEqual(rows[self.customer].state, "done")
        self.assertEqual((rows[bob].state, rows[bob].reason), ("failed", "render_error"))
        self.assertIn("division by zero", rows[bob].error)

    def test_unsubscribe_headers_over_real_smtp(self):
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        self._start(self.customer)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        send_mail_queue(self.env, sink)
        self.assertEqual(len(sink.envelopes), 1)
        content = sink.envelopes[0].content.decode()
        token = self.env["messaging.outbox"].sudo().search([("partner_id", "=", self.customer.id)]).token
        base_url = self.company.get_base_url()
        self.assertIn(
            f"List-Unsubscribe: <{base_url}/customer_messaging/unsubscribe/{token}>\r\n",
            content,
            "one plain line that mail programs can read",
        )
        self.assertIn("List-Unsubscribe-Post: List-Unsubscribe=One-Click", content)


@tagged("post_install", "-at_install")
class TestQuota(MessagingCase):
    def test_limits_checked_before_a_bulk_starts(self):
        self.company.write({"messaging_email_daily_limit": 2, "messaging_email_monthly_limit": 1000})
        partners = self.env["res.partner"].create(
            [{"name": f"P{i}", "email": f"p{i}@example.com", "messaging_accepts_email": True} for i in range(5)]
        )
        composer = self._composer(partners)
        composer.template_id = self.template
        self.assertIn("Over the sending limit: 3", composer.recipient_summary)
        with self.assertRaisesRegex(UserError, "may send 2 more emails now .* needs 5: 3 would go over"):
            composer.action_send()
        self.assertFalse(self.env["messaging.outbox"].search([("partner_id", "in", partners.ids)]), "nothing queued")

    def test_over_quota_rows_wait_for_the_next_day(self):
        partners = self.env["res.partner"].create(
            [{"name": f"P{i}", "email": f"p{i}@example.com", "messaging_accepts_email": True} for i in range(5)]
        )
        composer = self._composer(partners)
        composer.template_id = self.template
        bulk = self.env["messaging.bulk"].browse(composer.action_send()["res_id"])
        self.company.messaging_email_daily_limit = 3  # lowered after the start
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        states = sorted(bulk.outbox_ids.mapped(lambda r: (r.state, r.reason or "")))
        self.assertEqual(states, [("done", "")] * 3 + [("pending", "quota")] * 2)
        waiting = bulk.outbox_ids.filtered(lambda r: r.state == "pending")
        self.assertGreater(min(waiting.mapped("planned_at")), max((bulk.outbox_ids - waiting).mapped("sent_at")))
        self.assertIn("Over the sending limit (waiting): 2", bulk.summary)
        usage = self.env["messaging.quota.usage"].search(
            [("company_id", "=", self.company.id), ("channel", "=", "email")]
        )
        self.assertEqual(sorted(usage.mapped("used")), [3, 3])

    def test_messages_written_by_hand_do_not_count(self):
        self.company.messaging_email_daily_limit = 1
        for __ in range(3):
            self._composer(self.customer, subject="Hi", body="<p>Hi</p>").action_send()
        self.assertEqual(len(self.customer.messaging_email_history_ids), 3)


@tagged("post_install", "-at_install")
class TestConsent(MessagingCase):
    def test_off_by_default_and_logged(self):
        partner = self.env["res.partner"].create({"name": "New", "email": "new@example.com"})
        self.assertFalse(partner.messaging_accepts_email)
        self.assertFalse(partner.messaging_accepts_sms)
        partner.with_user(self.user).messaging_accepts_sms = True
        self.assertEqual(partner.messaging_sms_consent_source, "manual")
        self.assertTrue(partner.messaging_sms_consent_date)
        log = partner.messaging_consent_log_ids
        self.assertEqual((log.channel, log.accepted, log.user_id), ("sms", True, self.user))
        partner._messaging_set_consent("sms", False, "sms_reply", note="STOP")
        self.assertEqual(partner.messaging_sms_consent_source, "sms_reply")
        self.assertEqual(partner.messaging_consent_log_ids.sorted("id")[-1].note, "STOP")


@tagged("post_install", "-at_install")
class TestUnsubscribe(HttpCase):
    def setUp(self):
        super().setUp()
        self.partner = self.env["res.partner"].create(
            {"name": "Reader", "email": "reader@example.com", "messaging_accepts_email": True}
        )
        template = self.env["messaging.template"].create(
            {"name": "News", "subject": "News", "body_html": "<p>News</p>"}
        )
        bulk = self.env["messaging.bulk"].create(
            {"name": "News", "template_id": template.id, "partner_ids": [(6, 0, self.partner.ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.row = bulk.outbox_ids.sudo()
        self.url = f"/customer_messaging/unsubscribe/{self.row.token}"

    def test_get_never_unsubscribes(self):
        response = self.url_open(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn("o_cm_unsubscribe_button", response.text)
        self.assertEqual(response.headers["Referrer-Policy"], "no-referrer")
        self.assertEqual(response.headers["X-Frame-Options"], "DENY", "no other site frames the button")
        self.partner.invalidate_recordset()
        self.assertTrue(self.partner.messaging_accepts_email, "a link scanner opening the link changes nothing")

    def test_one_click_post_unsubscribes(self):
        response = self.url_open(self.url, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        self.partner.invalidate_recordset()
        self.assertFalse(self.partner.messaging_accepts_email)
        self.assertEqual(self.partner.messaging_email_consent_source, "unsubscribe")
        self.assertIn(self.row.partner_id, self.partner)

    def test_wrong_token_gets_a_neutral_page(self):
        response = self.url_open("/customer_messaging/unsubscribe/" + "x" * 32, data={"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 404)
        self.assertIn("not valid", response.text)
        self.assertNotIn("Reader", response.text)


@tagged("post_install", "-at_install")
class TestBulkFreeText(MessagingCase):
    def test_text_written_in_the_composer_gets_its_tags_replaced(self):
        other = self.env["res.partner"].create(
            {"name": "Bob", "email": "bob@example.com", "messaging_accepts_email": True}
        )
        composer = self._composer(
            self.customer | other, subject="News for @CUSTOMERNAME@", body="<p>Hi @CUSTOMERNAME@</p>"
        )
        bulk = self.env["messaging.bulk"].browse(composer.action_send()["res_id"])
        self.assertFalse(bulk.template_id)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        subjects = sorted(bulk.outbox_ids.message_id.mapped("subject"))
        self.assertEqual(subjects, ["News for Amélie Poulain", "News for Bob"])
        self.assertIn("<p>Hi Bob</p>", bulk.outbox_ids.message_id.filtered(lambda m: "Bob" in m.subject).body)

    def test_code_in_a_bulk_is_sanitised_in_the_history(self):
        template = self.env["messaging.template"].create(
            {"name": "Code", "subject": "Hi", "body_html": "<p>{{ '<script>alert(1)</script>'|safe }}Hello</p>"}
        )
        bulk = self.env["messaging.bulk"].create(
            {"template_id": template.id, "partner_ids": [(6, 0, self.customer.ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        message = bulk.outbox_ids.message_id
        self.assertIn("Hello", message.body)
        self.assertNotIn("<script", message.body)


@tagged("post_install", "-at_install")
class TestBulkAsUser(MessagingCase):
    def test_a_messaging_user_sends_in_bulk_and_sees_the_summary(self):
        other = self.env["res.partner"].create(
            {"name": "Bob", "email": "bob@example.com", "messaging_accepts_email": True}
        )
        composer = self._composer(self.customer | other).with_user(self.user)
        composer.template_id = self.template
        bulk = self.env["messaging.bulk"].with_user(self.user).browse(composer.action_send()["res_id"])
        self.assertEqual(bulk.state, "running")
        self.env["messaging.outbox"]._dispatch(auto_commit=False)  # the cron
        bulk.invalidate_recordset()
        # written is not sent: the summary says so until the mail queue hands them over
        self.assertEqual((bulk.state, bulk.sent_count, bulk.pending_count), ("running", 0, 2))
        self.assertIn("Being delivered: 2", bulk.summary)
        self.assertFalse(bulk.message_ids.filtered(lambda m: "Finished" in (m.body or "")), "not finished yet")
        self.env["mail.mail"].sudo().process_email_queue()  # the mail queue's cron, woken by the outbox
        bulk.invalidate_recordset()
        self.assertEqual((bulk.state, bulk.sent_count), ("done", 2))
        self.assertIn("Finished: 2 sent", bulk.message_ids.filtered(lambda m: "Finished" in (m.body or "")).body)
        self.assertEqual(len(bulk.outbox_ids), 2, "the user sees the rows of the send")
        message = bulk.outbox_ids.filtered(lambda row: row.partner_id == self.customer).message_id
        self.assertIn(message, self.customer.with_user(self.user).messaging_email_history_ids)


@tagged("post_install", "-at_install")
class TestOutboxCron(MessagingCase):
    def test_cron_reports_what_is_left_and_odoo_runs_it_again(self):
        partners = self.env["res.partner"].create(
            [{"name": f"P{i}", "email": f"p{i}@example.com", "messaging_accepts_email": True} for i in range(5)]
        )
        bulk = self.env["messaging.bulk"].create(
            {"template_id": self.template.id, "partner_ids": [(6, 0, partners.ids)]}
        )
        bulk.action_start()
        self.env["ir.config_parameter"].set_param("customer_messaging.outbox_batch_size", 2)
        self.env["ir.config_parameter"].set_param("customer_messaging.outbox_cron_seconds", 0)  # one batch a run
        cron = self.env.ref("customer_messaging.ir_cron_messaging_outbox")
        progress = self.env["ir.cron.progress"].create({"cron_id": cron.id})
        self.env["messaging.outbox"].with_context(ir_cron_progress_id=progress.id)._cron_dispatch()
        self.assertEqual((progress.done, progress.remaining), (2, 3), "one batch, and 3 rows left: run again")
        self.env["messaging.outbox"].with_context(ir_cron_progress_id=progress.id)._cron_dispatch()
        self.assertEqual(len(bulk.outbox_ids.filtered(lambda row: row.state == "done")), 4)
        self.env["mail.mail"].sudo().process_email_queue()
        bulk.invalidate_recordset()
        self.assertEqual(bulk.sent_count, 4, "they left")


@tagged("post_install", "-at_install")
class TestOutboxTransactional(MessagingCase):
    """Automatic messages about a customer's own document, as later modules queue them."""

    def _enqueue(self, partners, key="reminder"):
        return self.env["messaging.outbox"]._enqueue(
            [
                {
                    "source": key,
                    "company_id": self.company.id,
                    "channel": "email",
                    "kind": "transactional",
                    "template_id": self.template.id,
                    "model": "res.partner",
                    "res_id": self.customer.id,
                    "partner_id": partner.id,
                }
                for partner in partners
            ]
        )

    def test_two_recipients_of_one_document_each_get_their_own_message(self):
        contact = self.env["res.partner"].create(
            {
                "name": "Zoé Comptable",
                "email": "zoe@example.com",
                "parent_id": self.customer.id,
                "messaging_accepts_email": True,
            }
        )
        self._enqueue(self.customer | contact)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        rows = self.env["messaging.outbox"].search([("source", "=", "reminder")])
        self.assertEqual(rows.mapped("state"), ["done", "done"])
        subjects = {row.partner_id: row.message_id.subject for row in rows}
        self.assertEqual(subjects, {self.customer: "Welcome Amélie Poulain", contact: "Welcome Zoé Comptable"})

    def test_transactional_needs_consent_and_has_no_unsubscribe_link(self):
        self._enqueue(self.customer | self.no_consent)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        rows = {row.partner_id: row for row in self.env["messaging.outbox"].search([("source", "=", "reminder")])}
        self.assertEqual(rows[self.no_consent].reason, "no_service_consent")
        mail = self.env["mail.mail"].search([("mail_message_id", "=", rows[self.customer].message_id.id)])
        self.assertFalse(mail.headers, "no List-Unsubscribe on a message about the customer's own document")
        self.assertNotIn("unsubscribe", mail.body_html)
        self.assertFalse(rows[self.customer].sudo().token)
