"""Customer data is data: a value is inserted after the template is compiled, never
parsed again as template code or as a tag; template code comes from template
designers only, whatever the write path."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestCustomerDataIsData(MessagingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.designer = cls.env["res.users"].create(
            {
                "name": "Denise Designer",
                "login": "denise.designer",
                "email": "denise@example.com",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref("customer_messaging.group_messaging_user").id,
                            cls.env.ref("mail.group_mail_template_editor").id,
                            cls.env.ref("base.group_partner_manager").id,
                        ],
                    )
                ],
            }
        )
        cls.user.groups_id -= cls.env.ref("mail.group_mail_template_editor")
        # what a customer can type as their own name (portal, incoming email, import)
        cls.tricky = cls.env["res.partner"].create(
            {
                "name": "Jean {{ 7*7 }} @COMPANYNAME@",
                "email": "jean@example.com",
                "mobile": "06 11 22 33 44",
                "country_id": cls.fr.id,
                "messaging_accepts_email": True,
                "messaging_accepts_sms": True,
            }
        )

    def _history(self, partner, channel):
        return self.env["mail.message"].search(partner._messaging_history_domain(channel))

    def _send_one(self, user, channel="email", template=None, **values):
        composer = self._composer(self.tricky, channel).with_user(user)
        if template:
            composer.template_id = template
        if values:
            composer.write(values)
        composer.action_send()
        return self._history(self.tricky, channel)

    def test_a_designer_sends_a_template_to_a_customer_named_like_code(self):
        message = self._send_one(self.designer, template=self.template)
        self.assertEqual(message.subject, "Welcome Jean {{ 7*7 }} @COMPANYNAME@", "the name as the customer typed it")
        self.assertIn("Hello Jean {{ 7*7 }} @COMPANYNAME@, this is", message.body)
        self.assertNotIn("49", message.body)

    def test_a_user_who_is_not_a_designer_can_still_write_to_that_customer(self):
        message = self._send_one(self.user, template=self.template)
        self.assertIn("Hello Jean {{ 7*7 }} @COMPANYNAME@, this is", message.body)
        message = self._send_one(self.user, subject="About your order", body="<p>Dear @CUSTOMERNAME@,</p>")
        self.assertIn(
            "Dear Jean {{ 7*7 }} @COMPANYNAME@,", message.filtered(lambda m: m.subject == "About your order").body
        )

    def test_sms_to_that_customer(self):
        message = self._send_one(self.user, "sms", template=self.sms_template)
        self.assertEqual(message.messaging_body_text, "Hello Jean {{ 7*7 }} @COMPANYNAME@, your order is ready.")

    def test_the_preview_shows_the_tags_replaced_and_the_text_keeps_them(self):
        composer = self._composer(self.tricky)
        composer.template_id = self.template
        self.assertEqual(composer.subject, "Welcome @CUSTOMERNAME@", "the composer holds the template's text")
        self.assertIn("Welcome Jean {{ 7*7 }} @COMPANYNAME@", composer.preview)
        self.assertIn("Hello Jean {{ 7*7 }} @COMPANYNAME@, this is", composer.preview)

    def test_bulk_to_that_customer(self):
        bulk = (
            self.env["messaging.bulk"]
            .with_user(self.designer)
            .create({"channel": "email", "template_id": self.template.id, "partner_ids": [(6, 0, self.tricky.ids)]})
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        message = bulk.outbox_ids.message_id
        self.assertEqual(message.subject, "Welcome Jean {{ 7*7 }} @COMPANYNAME@")


@tagged("post_install", "-at_install")
class TestTemplateCodeOnEveryWritePath(MessagingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user.groups_id -= cls.env.ref("mail.group_mail_template_editor")

    def test_a_bulk_refuses_code_from_a_non_designer_on_create_and_write(self):
        Bulk = self.env["messaging.bulk"].with_user(self.user)
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            Bulk.create({"channel": "email", "subject": "{{ 6*7 }}", "body_html": "<p>Hi</p>"})
        bulk = Bulk.create(
            {
                "channel": "email",
                "subject": "Hello",
                "body_html": "<p>Hi</p>",
                "partner_ids": [(6, 0, self.customer.ids)],
            }
        )
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            bulk.write({"body_html": "<p>{% for i in range(3) %}x{% endfor %}</p>"})
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual(bulk.outbox_ids.message_id.subject, "Hello")

    def test_code_stored_behind_the_models_back_is_not_evaluated(self):
        bulk = (
            self.env["messaging.bulk"]
            .with_user(self.user)
            .create(
                {
                    "channel": "email",
                    "subject": "Hi",
                    "body_html": "<p>Hi</p>",
                    "partner_ids": [(6, 0, self.customer.ids)],
                }
            )
        )
        self.env.cr.execute("UPDATE messaging_bulk SET subject = '{{ 6*7 }}' WHERE id = %s", (bulk.id,))
        bulk.invalidate_recordset()
        bulk.sudo().action_start()  # started by a path that does not check either
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        row = bulk.outbox_ids
        self.assertEqual((row.state, row.reason), ("failed", "render_error"))
        self.assertIn("not a template designer", row.error)
        self.assertFalse(row.message_id, "nothing reached the customer")

    def test_a_designer_may_write_code_in_a_bulk(self):
        self.user.groups_id += self.env.ref("mail.group_mail_template_editor")
        bulk = (
            self.env["messaging.bulk"]
            .with_user(self.user)
            .create(
                {
                    "channel": "email",
                    "subject": "{{ 6*7 }}",
                    "body_html": "<p>Hi</p>",
                    "partner_ids": [(6, 0, self.customer.ids)],
                }
            )
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual(bulk.outbox_ids.message_id.subject, "42")

    def test_template_blocks_refuse_code_from_a_non_designer(self):
        template = self.env["messaging.template"].create(
            {"name": "Blocks", "design": "blocks", "block_ids": [(0, 0, {"kind": "text", "content": "Hello"})]}
        )
        manager = self.user
        manager.groups_id += self.env.ref("customer_messaging.group_messaging_manager")
        block = template.block_ids.with_user(manager)
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            block.write({"content": "{{ 6*7 }}"})
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            block.create({"template_id": template.id, "kind": "button", "content": "Go", "url": "{{ 'x' }}"})

    def test_a_non_designer_uses_a_designers_template_with_code_unchanged(self):
        template = self.env["messaging.template"].create(
            {"name": "Coded", "subject": "Total {{ 6*7 }}", "body_html": "<p>Hello @CUSTOMERNAME@</p>"}
        )
        composer = self._composer(self.customer).with_user(self.user)
        composer.template_id = template
        composer.action_send()
        message = self.env["mail.message"].search(self.customer._messaging_history_domain("email"))
        self.assertEqual(message.subject, "Total 42", "the designer's code runs, from the template")
        composer = self._composer(self.customer).with_user(self.user)
        composer.template_id = template
        composer.body = "<p>Changed by hand</p>"
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            composer.action_send()


@tagged("post_install", "-at_install")
class TestSenderAndImmediacy(MessagingCase):
    def test_a_bulk_is_signed_by_the_person_who_started_it(self):
        template = self.env["messaging.template"].create(
            {"name": "Signed", "subject": "News", "body_html": "<p>Regards, @USERNAME@</p>"}
        )
        bulk = (
            self.env["messaging.bulk"]
            .with_user(self.user)
            .create({"channel": "email", "template_id": template.id, "partner_ids": [(6, 0, self.customer.ids)]})
        )
        bulk.action_start()
        # the job runs as OdooBot
        self.env["messaging.outbox"].with_user(self.env.ref("base.user_root"))._dispatch(auto_commit=False)
        message = bulk.outbox_ids.message_id
        self.assertIn("Regards, Marie Messaging", message.body)
        self.assertEqual(message.author_id, self.user.partner_id)

    def test_queued_emails_wake_the_mail_queue(self):
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        bulk = self.env["messaging.bulk"].create(
            {"channel": "email", "template_id": self.template.id, "partner_ids": [(6, 0, self.customer.ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), before, "not left to the hourly run")

    def test_queued_sms_wake_the_sms_queue(self):
        cron = self.env.ref("sms.ir_cron_sms_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        before = Trigger.search_count([("cron_id", "=", cron.id)])
        bulk = self.env["messaging.bulk"].create(
            {"channel": "sms", "template_id": self.sms_template.id, "partner_ids": [(6, 0, self.customer.ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.assertEqual(bulk.outbox_ids.state, "done")
        self.assertGreater(Trigger.search_count([("cron_id", "=", cron.id)]), before, "not left to the next run")

    def test_due_rows_left_by_a_killed_outbox_worker_wake_the_outbox_again(self):
        bulk = self.env["messaging.bulk"].create(
            {"channel": "email", "template_id": self.template.id, "partner_ids": [(6, 0, self.customer.ids)]}
        )
        bulk.action_start()  # rows due; say the outbox worker that took them was killed
        cron = self.env.ref("customer_messaging.ir_cron_messaging_outbox")
        Trigger = self.env["ir.cron.trigger"].sudo()
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        self.env["mail.mail"].sudo().process_email_queue()  # another queue's run notices them
        self.assertTrue(Trigger.search_count([("cron_id", "=", cron.id)]), "not left to the next cron wake-up")

    def test_the_outbox_cron_wakes_a_mail_queue_left_waiting(self):
        self.env["mail.mail"].sudo().create({"email_to": "late@example.com", "subject": "Hi", "body_html": "<p>Hi</p>"})
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        self.env["messaging.outbox"]._cron_dispatch()
        self.assertTrue(Trigger.search_count([("cron_id", "=", cron.id)]), "not left to its next hourly run")

    def test_a_message_written_to_one_customer_leaves_at_once(self):
        composer = self._composer(self.customer, subject="Now", body="<p>Hello</p>")
        composer.action_send()
        message = self.env["mail.message"].search(self.customer._messaging_history_domain("email"))
        mails = self.env["mail.mail"].sudo().search([("mail_message_id", "=", message.id)])
        self.assertFalse(mails.filtered(lambda m: m.state == "outgoing"), "sent after commit, not queued for an hour")
        self.assertEqual(message.notification_ids.notification_status, "sent")


@tagged("post_install", "-at_install")
class TestLimitsCountTheCompanysDay(MessagingCase):
    def test_the_day_is_the_companys_whoever_sends(self):
        self.company.partner_id.tz = "Europe/Paris"
        self.user.tz = "America/Los_Angeles"
        Usage = self.env["messaging.quota.usage"].sudo()
        # 23:30 UTC: already the 24th in Paris, still the 23rd in Los Angeles
        with freeze_time("2026-11-23 23:30:00"):
            Usage.with_user(self.user)._reserve(self.company, "email", 3)
            Usage.with_user(self.env.ref("base.user_root"))._reserve(self.company, "email", 2)
        days = Usage.search([("company_id", "=", self.company.id), ("channel", "=", "email"), ("period", "=", "day")])
        self.assertEqual(days.mapped("period_start"), [date(2026, 11, 24)], "one counter, on the company's date")
        self.assertEqual(days.used, 5)

    def test_without_a_company_time_zone_the_day_is_utc(self):
        self.company.partner_id.tz = False
        self.user.tz = "Pacific/Kiritimati"
        self.assertEqual(self.env["messaging.quota.usage"].with_user(self.user)._tz(self.company), "UTC")


@tagged("post_install", "-at_install")
class TestBulkName(MessagingCase):
    def test_a_bulk_is_named_as_people_read_it(self):
        composer = self._composer(self.customer | self.no_consent, subject="News from @COMPANYNAME@", body="<p>Hi</p>")
        bulk = self.env["messaging.bulk"].browse(composer.action_send()["res_id"])
        self.assertEqual(bulk.name, f"News from {self.company.name}", "no raw tag in the name or the finished message")
        composer = self._composer(self.customer | self.no_consent)
        composer.template_id = self.template
        bulk = self.env["messaging.bulk"].browse(composer.action_send()["res_id"])
        self.assertEqual(bulk.name, "Welcome")
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        self.env["mail.mail"].sudo().process_email_queue()
        finished = bulk.message_ids.filtered(lambda m: "Finished" in (m.body or ""))
        self.assertTrue(finished)
        self.assertEqual(finished.record_name, "Welcome")


@tagged("post_install", "-at_install")
class TestMailQueueRuns(MessagingCase):
    def test_a_cron_run_of_the_mail_queue_stops_at_its_time_budget(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("customer_messaging.mail_queue_call_seconds", 0)
        params.set_param("customer_messaging.mail_queue_chunk", 1)
        Mail = self.env["mail.mail"].sudo()
        Mail.search([("state", "=", "outgoing")]).unlink()
        mails = Mail.create(
            [{"email_to": f"c{i}@example.com", "subject": "Hi", "body_html": "<p>Hi</p>"} for i in range(3)]
        )
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        Trigger.search([("cron_id", "=", cron.id)]).unlink()
        Mail.with_context(cron_id=cron.id).process_email_queue()
        self.assertEqual(
            len(mails.exists().filtered(lambda mail: mail.state == "outgoing")), 2, "one chunk, then the budget ends"
        )
        self.assertTrue(Trigger.search_count([("cron_id", "=", cron.id)]), "the rest at once, not at the next wake-up")
        params.set_param("customer_messaging.mail_queue_call_seconds", 30)
        Mail.with_context(cron_id=self.env.ref("mail.ir_cron_mail_scheduler_action").id).process_email_queue()
        self.assertFalse(mails.exists().filtered(lambda mail: mail.state == "outgoing"), "within the budget: all")

    def test_a_spent_run_still_says_work_is_left(self):
        """Odoo takes a cron call that reports nothing for a finished job and puts it
        off by its interval (an hour for the mail queue): a call that only found its
        run's budget spent says work is left."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("customer_messaging.mail_queue_run_seconds", 0)
        Mail = self.env["mail.mail"].sudo()
        Mail.create({"email_to": "late@example.com", "subject": "Hi", "body_html": "<p>Hi</p>"})
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        progress = self.env["ir.cron.progress"].sudo().create({"cron_id": cron.id})
        Mail.with_context(cron_id=cron.id, ir_cron_progress_id=progress.id).process_email_queue()
        self.assertTrue(progress.done and progress.remaining, "partly done: Odoo keeps the job ready")
