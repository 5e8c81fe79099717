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

    def _inbound(self, body, **kwargs):
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": "SM" + "9" * 32,
            "From": "+33612345678",
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
