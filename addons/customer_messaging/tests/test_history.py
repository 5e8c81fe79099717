import email
from email import policy

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import Form, tagged

from .common import MessagingCase, SmtpSink, real_smtp


@tagged("post_install", "-at_install")
class TestHistory(MessagingCase):
    def _post(self, record, body, **kwargs):
        return record.message_post(body=body, message_type=kwargs.pop("message_type", "comment"), **kwargs)

    def test_one_history_across_contacts_and_documents(self):
        contact = self.env["res.partner"].create(
            {"name": "Accountant", "email": "accounts@example.com", "parent_id": self.customer.id}
        )
        portal = self.env["res.users"].create(
            {
                "name": "Portal Amélie",
                "login": "amelie.portal",
                "partner_id": contact.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        on_customer = self._post(
            self.customer, "On the customer", partner_ids=self.customer.ids, subtype_xmlid="mail.mt_comment"
        )
        on_contact = self._post(contact, "On the contact", partner_ids=contact.ids, subtype_xmlid="mail.mt_comment")
        # any document whose partner_id is the customer (here a user record; invoices, orders... alike)
        on_document = self.env["mail.message"].create(
            {
                "model": "res.users",
                "res_id": portal.id,
                "message_type": "email_outgoing",
                "body": "On a document",
                "partner_ids": [(4, contact.id)],
            }
        )
        incoming = self._post(
            self.customer, "A reply", message_type="email", author_id=contact.id, subtype_xmlid="mail.mt_comment"
        )
        note = self._post(self.customer, "Internal note", subtype_xmlid="mail.mt_note")
        history = self.customer.messaging_email_history_ids
        self.assertEqual(set(history.ids), {on_customer.id, on_contact.id, on_document.id, incoming.id})
        self.assertNotIn(note, history, "internal notes are not messages to the customer")
        self.assertEqual(incoming.messaging_direction, "in")
        self.assertEqual(incoming.messaging_state, "received")
        self.assertEqual(contact.messaging_email_history_ids, history, "a contact shows its company's history")
        action = incoming.action_messaging_open()
        self.assertEqual((action["res_model"], action["res_id"]), ("mail.message", incoming.id), "the body opens")
        self.assertEqual(action["views"][0][0], self.env.ref("customer_messaging.mail_message_view_form_history").id)

    def test_multi_company_history(self):
        other_company = self.env["res.company"].create({"name": "Other shop"})
        mine = self._post(self.customer, "Mine", partner_ids=self.customer.ids, subtype_xmlid="mail.mt_comment")
        theirs = self._post(
            self.customer.with_company(other_company).with_context(allowed_company_ids=[other_company.id]),
            "Theirs",
            partner_ids=self.customer.ids,
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(theirs.messaging_company_id, other_company)
        self.user.write({"company_ids": [(6, 0, self.company.ids)], "company_id": self.company.id})
        history = self.customer.with_user(self.user).messaging_email_history_ids
        self.assertIn(mine, history)
        self.assertNotIn(theirs, history, "another company's messages stay hidden")

    def test_sms_tab_window_and_load_more(self):
        now = fields.Datetime.now()
        ages = {"10 days": 10, "100 days": 100, "300 days": 300, "500 days": 500}
        messages = {}
        for label, days in ages.items():
            message = self.env["mail.message"].create(
                {
                    "model": "res.partner",
                    "res_id": self.customer.id,
                    "message_type": "sms",
                    "body": label,
                    "partner_ids": [(4, self.customer.id)],
                }
            )
            message.date = now - relativedelta(days=days)
            messages[label] = message
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.messaging_sms_history_ids.mapped("body"), ["<p>10 days</p>"], "the last 30 days")
        # "Load more" changes the open form (same tab, no new breadcrumb), nothing is saved
        form = Form(self.customer)
        form.messaging_sms_history_more = 1
        self.assertEqual(
            {message.messaging_body_text for message in form.messaging_sms_history_ids},
            {"10 days", "100 days"},
            "6 more months",
        )
        self.assertTrue(form.messaging_sms_history_can_load_more)
        form.messaging_sms_history_more = 2
        self.assertEqual(len(form.messaging_sms_history_ids), 3, "up to 13 months")
        self.assertFalse(form.messaging_sms_history_can_load_more)
        self.assertNotIn(messages["500 days"].id, form.messaging_sms_history_ids.ids, "never beyond the maximum")
        partner = self.customer.with_context(messaging_sms_history_more=50)
        self.assertNotIn(messages["500 days"], partner.messaging_sms_history_ids, "however often it is asked")

    def test_history_figures_are_settings(self):
        self.company.messaging_sms_history_days = 200
        message = self.env["mail.message"].create(
            {
                "model": "res.partner",
                "res_id": self.customer.id,
                "message_type": "sms",
                "body": "old",
                "partner_ids": [(4, self.customer.id)],
            }
        )
        message.date = fields.Datetime.now() - relativedelta(days=150)
        self.customer.invalidate_recordset()
        self.assertIn(message, self.customer.messaging_sms_history_ids)

    def test_bcc_archive_over_real_smtp(self):
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        self.company.messaging_bcc_archive_email = "archive@example.com"
        with real_smtp(self.env, sink):
            self._composer(self.customer, subject="Archived", body="<p>Keep a copy</p>", is_urgent=True).action_send()
            self.assertEqual(len(sink.envelopes), 1, "at the SMTP server once sent, no queue to wait for")
        envelope = sink.envelopes[0]
        self.assertEqual(sorted(envelope.rcpt_tos), ["amelie@example.com", "archive@example.com"])
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.assertIsNone(message["Bcc"], "the blind copy is not shown to the customer")
        self.assertEqual(message["Subject"], "Archived")
        self.assertEqual(message["X-Priority"], "1")
        history = self.customer.messaging_email_history_ids
        self.assertEqual(history.messaging_state, "sent")
        self.assertEqual(history.messaging_recipients, "amelie@example.com")
