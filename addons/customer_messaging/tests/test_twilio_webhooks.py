from odoo.exceptions import UserError, ValidationError
from odoo.tests import HttpCase, tagged

from messaging_core.testing.twilio_server import sign

from .common import MessagingTwilioCommon


@tagged("post_install", "-at_install")
class TestTwilioWebhooks(MessagingTwilioCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("web.base.url", cls.base_url())

    def setUp(self):
        super().setUp()
        self.sms = self._send_sms(self.customer)
        self._run_queue()
        self.sid = self.sms.messaging_provider_message_id
        self.assertTrue(self.sid)

    def _status_params(self, status, **extra):
        return {
            "AccountSid": self.account_sid,
            "MessageSid": self.sid,
            "SmsSid": self.sid,
            "MessageStatus": status,
            "SmsStatus": status,
            "To": "+33612345678",
            "From": "+15005550006",
            "ApiVersion": "2010-04-01",
            **extra,
        }

    def _post(self, path, params, *, token=None, signature=None, signed_url=None):
        url = self.base_url() + path
        if signature is None:
            signature = sign(signed_url or url, params, token or self.auth_token)
        headers = {"X-Twilio-Signature": signature} if signature else {}
        return self.url_open(path, data=params, headers=headers)

    def _status(self, status, **kwargs):
        path = f"/customer_messaging/sms/twilio/status/{self.sms.uuid}"
        return self._post(path, self._status_params(status, **kwargs.pop("extra", {})), **kwargs)

    def test_delivered_then_replayed_and_late_reports(self):
        response = self._status("delivered")
        self.assertEqual(response.status_code, 204)
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "sent")
        self.assertEqual(self._notification(self.sms).notification_status, "sent")
        write_date = self.sms.write_date
        for late in ("delivered", "sent", "queued"):
            with self.subTest(late=late):
                self.assertEqual(self._status(late).status_code, 204)
                self.sms.invalidate_recordset()
                self.assertEqual(self.sms.state, "sent", "states only move forward")
                self.assertEqual(self.sms.write_date, write_date, "a replayed report writes nothing")

    def test_undelivered_report_fails_the_sms(self):
        response = self._status("undelivered", extra={"ErrorCode": "30003"})
        self.assertEqual(response.status_code, 204)
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "error")
        self.assertEqual(self.sms.failure_type, "sms_invalid_destination")
        notification = self._notification(self.sms)
        self.assertEqual(notification.notification_status, "bounce", "as Odoo shows an undeliverable number")
        self.assertIn("30003", notification.failure_reason)

    def test_unsubscribed_report_blacklists_the_number(self):
        self.assertFalse(self._blacklisted())
        self.assertEqual(self._status("failed", extra={"ErrorCode": "21610"}).status_code, 204)
        self.sms.invalidate_recordset()
        self.assertEqual((self.sms.state, self.sms.failure_type), ("error", "sms_optout"))
        self.assertTrue(self._blacklisted())

    def test_reports_of_an_archived_provider_still_count(self):
        self.provider.action_archive()
        self.assertEqual(self._status("delivered").status_code, 204)
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "sent")

    def test_late_report_of_an_attempt_the_user_retried(self):
        self.assertEqual(self._status("undelivered", extra={"ErrorCode": "30008"}).status_code, 204)
        old_path = f"/customer_messaging/sms/twilio/status/{self.sms.uuid}"
        self.sms.invalidate_recordset()
        self.sms.action_set_outgoing()
        self._post(old_path, self._status_params("delivered"))
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "outgoing", "the report was about the previous attempt")

    def test_forged_or_missing_signature_is_refused(self):
        cases = {
            "wrong token": {"token": "not-the-token"},
            "missing": {"signature": ""},
            "garbage": {"signature": "AAAA"},
            "other url": {"signed_url": "http://evil.example/customer_messaging/sms/twilio/status/x"},
        }
        for name, kwargs in cases.items():
            with self.subTest(name), self.assertLogs("odoo.addons.customer_messaging", "WARNING"):
                self.assertEqual(self._status("delivered", **kwargs).status_code, 403)
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "pending", "nothing changed")

    def test_tampered_parameters_are_refused(self):
        params = self._status_params("delivered")
        url = f"{self.base_url()}/customer_messaging/sms/twilio/status/{self.sms.uuid}"
        signature = sign(url, params, self.auth_token)
        params["MessageStatus"] = "failed"
        with self.assertLogs("odoo.addons.customer_messaging", "WARNING"):
            response = self.url_open(url, data=params, headers={"X-Twilio-Signature": signature})
        self.assertEqual(response.status_code, 403)

    def test_genuine_callback_behind_tls_proxy(self):
        """Twilio signed the public https URL; Odoo, behind the proxy, sees http."""
        self.env["ir.config_parameter"].sudo().set_param("web.base.url", "https://erp.example.com")
        path = f"/customer_messaging/sms/twilio/status/{self.sms.uuid}"
        response = self._post(path, self._status_params("delivered"), signed_url="https://erp.example.com" + path)
        self.assertEqual(response.status_code, 204)
        self.sms.invalidate_recordset()
        self.assertEqual(self.sms.state, "sent")

    def _inbound(self, body, sid=None, sender="+33612345678", **kwargs):
        self._sid_counter = getattr(self, "_sid_counter", 0) + 1
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": sid or f"SM{self._sid_counter:032d}",
            "From": sender,
            "To": "+15005550006",
            "Body": body,
        }
        return self._post("/customer_messaging/sms/twilio/inbound", params, **kwargs)

    def _blacklisted(self):
        return bool(self.env["phone.blacklist"].sudo().search([("number", "=", "+33612345678")]))

    def test_stop_and_start_replies(self):
        for body, expected in (("Stop", True), ("STOP", True), ("bonjour", True), ("START", False), ("arrêt", True)):
            with self.subTest(body=body):
                response = self._inbound(body)
                self.assertEqual(response.status_code, 200)
                self.assertIn("<Response", response.text)
                self.assertEqual(self._blacklisted(), expected)
        # the customer's SMS consent followed each reply, with its source
        self.customer.invalidate_recordset()
        self.assertFalse(self.customer.messaging_accepts_sms)
        self.assertEqual(self.customer.messaging_sms_consent_source, "sms_reply")
        self.assertEqual(
            self.customer.messaging_consent_log_ids.sorted("id").mapped("note"),
            ["START", "STOP"],
            "a STOP from a customer who had not agreed changes nothing",
        )
        # the next SMS to that number is refused before reaching Twilio
        sms = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual(sms.failure_type, "sms_blacklist")

    def test_reply_from_a_non_sms_sender_is_ignored(self):
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": "SM" + "8" * 32,
            "From": "whatsapp:+33612345678",
            "To": "+15005550006",
            "Body": "STOP",
        }
        response = self._post("/customer_messaging/sms/twilio/inbound", params)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self._blacklisted())

    def test_forged_stop_changes_nothing(self):
        with self.assertLogs("odoo.addons.customer_messaging", "WARNING"):
            response = self._inbound("STOP", token="guessed")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self._blacklisted())

    @property
    def user(self):
        """Marie, who writes SMS to customers."""
        users = self.env["res.users"].search([("login", "=", "marie.sms")])
        return users or self.env["res.users"].create(
            {
                "name": "Marie SMS",
                "login": "marie.sms",
                "email": "marie.sms@example.com",
                "groups_id": [(6, 0, [self.env.ref("customer_messaging.group_messaging_user").id])],
            }
        )

    def _inbound_lines(self):
        """What this test's provider received (demo data may hold other lines)."""
        return self.env["messaging.sms.inbound"].search([("provider_id", "=", self.provider.id)], order="id")

    def test_a_reply_lands_in_the_history_and_notifies_the_sender(self):
        self.sms.mail_message_id.author_id = self.user.partner_id  # Marie sent the SMS
        response = self._inbound("Yes, 3 pm is fine")
        self.assertEqual(response.status_code, 200)
        line = self._inbound_lines()
        self.assertEqual((line.state, line.partner_id, line.from_number), ("filed", self.customer, "+33612345678"))
        reply = line.message_id
        self.assertEqual((reply.author_id, reply.message_type, reply.messaging_channel), (self.customer, "sms", "sms"))
        self.assertEqual(reply.messaging_direction, "in")
        self.assertEqual((reply.model, reply.res_id), (self.sms.mail_message_id.model, self.sms.mail_message_id.res_id))
        self.customer.invalidate_recordset()
        history = self.customer.messaging_sms_history_ids
        self.assertIn(reply, history, "in the customer's SMS history")
        self.assertEqual(reply.messaging_body_text.strip(), "Yes, 3 pm is fine")
        self.assertEqual(reply.messaging_state, "received")
        self.assertEqual(reply.messaging_recipients, "+33612345678", "the history shows the number it came from")
        # Marie is told, in her inbox or by email
        told = self.env["mail.message"].search(
            [("partner_ids", "in", self.user.partner_id.ids), ("subject", "=", "SMS from Amélie Poulain")]
        )
        self.assertEqual(len(told), 1)
        self.assertIn("3 pm is fine", told.body)
        # and answers it from the history: the SMS composer, to the customer, about the same document
        action = reply.with_user(self.user).action_messaging_reply()
        self.assertEqual(action["context"]["default_channel"], "sms")
        self.assertEqual(action["context"]["default_partner_ids"], self.customer.ids)
        self.assertIs(action["context"]["default_template_id"], False, "an answer, not the default message")
        self.company.messaging_default_sms_template_id = self.env["messaging.template"].create(
            {"name": "Order ready", "channel": "sms", "body_text": "Your order is ready."}
        )
        composer = self.env["messaging.composer"].with_user(self.user).with_context(**action["context"]).create({})
        self.assertFalse(composer.template_id)
        self.assertFalse(composer.sms_body)

    def test_the_answer_goes_to_the_number_that_wrote(self):
        self.sms.mail_message_id.author_id = self.user.partner_id
        self._inbound("I have a new phone, this is my old one")
        reply = self._inbound_lines().message_id
        self.customer.mobile = "+33 6 99 88 77 66"  # the card says another mobile
        action = reply.with_user(self.user).action_messaging_reply()
        self.assertEqual(action["context"]["default_sms_number"], "+33612345678")
        composer = self.env["messaging.composer"].with_context(**action["context"]).create({})
        composer.sms_body = "Noted, thank you"
        composer.action_send()
        answer = self.env["sms.sms"].search([("body", "=", "Noted, thank you")])
        self.assertEqual(answer.number, "+33612345678", "to the number it came from, not the card's mobile")
        # over RPC too, only a number the customer wrote from
        with self.assertRaises(ValidationError):
            self.env["messaging.composer"].create(
                {"channel": "sms", "partner_ids": self.customer.ids, "sms_number": "+33700000000", "sms_body": "Hi"}
            )
        # a number that said STOP is not written to, whatever the card says
        self.env["phone.blacklist"].sudo().add("+33612345678")
        composer = self.env["messaging.composer"].with_context(**action["context"]).create({})
        composer.sms_body = "Still there?"
        with self.assertRaises(UserError):
            composer.action_send()

    def test_markup_in_a_reply_is_text_everywhere_it_shows(self):
        self.sms.mail_message_id.author_id = self.user.partner_id
        body = '<img src=x onerror="alert(1)"><script>alert(2)</script>\n<b>bold</b> & ${object.name} {{ 7*7 }}'
        self.assertEqual(self._inbound(body).status_code, 200)
        reply = self._inbound_lines().message_id
        told = self.env["mail.message"].search(
            [("partner_ids", "in", self.user.partner_id.ids), ("subject", "=", "SMS from Amélie Poulain")]
        )
        for html in (reply.body, told.body):
            self.assertNotIn("<img", html)
            self.assertNotIn("<script", html)
            self.assertNotIn("<b>", html)
            self.assertIn("&lt;img src=x onerror=", html, "shown as the customer typed it")
            self.assertIn("${object.name} {{ 7*7 }}", html, "never rendered as a template")
        self.assertEqual(reply.messaging_body_text.strip().splitlines()[-1], "<b>bold</b> & ${object.name} {{ 7*7 }}")

    def test_a_replayed_reply_is_received_once(self):
        for __ in range(3):
            self.assertEqual(self._inbound("Thanks!", sid="SM" + "7" * 32).status_code, 200)
        self.assertEqual(len(self._inbound_lines()), 1)
        self.assertEqual(len(self._inbound_lines().message_id), 1)

    def test_an_unknown_number_creates_only_a_line_to_review(self):
        messages = self.env["mail.message"].search_count([])
        self._inbound("Who is this?", sender="+33699999999")
        line = self._inbound_lines()
        self.assertEqual(
            (line.state, line.partner_id, line.message_id),
            ("unknown", self.env["res.partner"], self.env["mail.message"]),
        )
        self.assertEqual(self.env["mail.message"].search_count([]), messages, "no message, no partner")
        # a manager reviews it: files it in a customer's history, or marks it reviewed
        manager = self.user
        manager.groups_id += self.env.ref("customer_messaging.group_messaging_manager")
        sender = self.env["res.partner"].create({"name": "Nino Quincampoix"})
        line.with_user(manager).partner_id = sender
        line.with_user(manager).action_file_in_history()
        self.assertEqual(line.state, "filed")
        self.assertEqual(line.message_id.author_id, sender)
        with self.assertRaises(UserError):
            line.with_user(manager).write({"body": "changed"})

    def test_a_forged_reply_is_not_recorded(self):
        with self.assertLogs("odoo.addons.customer_messaging", "WARNING"):
            self.assertEqual(self._inbound("Hello", token="guessed").status_code, 403)
        self.assertFalse(self._inbound_lines())

    def test_a_reply_in_another_company_is_not_filed_with_this_companys_customer(self):
        other = self.env["res.company"].create({"name": "Other Co"})
        self.customer.write({"company_id": self.company.id, "mobile": "+33 6 55 44 33 22"})
        self._send_sms(self.customer)
        self._run_queue()
        self.provider.company_id = other
        self._inbound("Hello", sender="+33655443322")
        line = self._inbound_lines()
        self.assertEqual(line.company_id, other)
        self.assertEqual(line.state, "unknown", "the customer's SMS went out for another company")
