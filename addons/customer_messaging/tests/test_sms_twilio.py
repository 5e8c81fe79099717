from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from messaging_core.testing.twilio_server import ErrorReply

from .common import MessagingTwilioCommon


@tagged("post_install", "-at_install")
class TestSmsTwilio(MessagingTwilioCommon):
    def test_sent_through_twilio(self):
        sms = self._send_sms(self.customer, body="Bonjour, votre commande est prête.")
        self._run_queue()
        received = self._received()
        self.assertEqual(len(received), 1)
        self.assertEqual(received[0]["to"], "+33612345678")
        self.assertEqual(received[0]["from"], "+15005550006")
        self.assertEqual(received[0]["body"], "Bonjour, votre commande est prête.")
        self.assertTrue(received[0]["_status_callback"].endswith(f"/customer_messaging/sms/twilio/status/{sms.uuid}"))
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.messaging_provider_message_id, received[0]["sid"])
        self.assertEqual(self._notification(sms).notification_status, "pending")

    def test_a_messaging_service_with_a_validity_period(self):
        service = "MG" + "2" * 32
        self.provider.write(
            {"twilio_from_number": False, "twilio_messaging_service_sid": service, "twilio_validity_period": 900}
        )
        sms = self._send_sms(self.customer, body="Votre code : 4321")
        self._run_queue()
        [request] = self._attempts("+33612345678")
        self.assertEqual((request.form["MessagingServiceSid"], request.form["ValidityPeriod"]), (service, "900"))
        self.assertNotIn("From", request.form, "Twilio picks the sender from the service's pool")
        [received] = self._received()
        self.assertEqual((received["messaging_service_sid"], received["_validity_period"]), (service, 900))
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.messaging_provider_message_id, received["sid"])

    def test_a_validity_period_twilio_would_refuse_is_refused_in_the_form(self):
        for seconds in (36_001, -1):
            with self.assertRaisesRegex(ValidationError, "from 1 to 36,000"):
                self.provider.twilio_validity_period = seconds
        self.provider.twilio_validity_period = 0  # Twilio's default
        self.assertNotIn("ValidityPeriod", self._send_and_get_form())

    def _send_and_get_form(self):
        self._send_sms(self.customer)
        self._run_queue()
        return self._attempts("+33612345678")[-1].form

    def test_invalid_number_fails_at_once_never_retried(self):
        partner = self.env["res.partner"].create({"name": "Invalid", "mobile": "+15005550001"})
        sms = self._send_sms(partner)
        self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_number_format")
        self.assertIn("21211", sms.messaging_failure_reason)
        notification = self._notification(sms)
        self.assertEqual(notification.notification_status, "exception")
        self.assertEqual(notification.failure_type, "sms_number_format")
        self.assertIn("21211", notification.failure_reason)
        with freeze_time(fields.Datetime.now() + timedelta(days=1)):
            self._run_queue()
        self.assertEqual(len(self._attempts("+15005550001")), 1, "a permanent error is never retried")

    def test_unsubscribed_number_is_blacklisted(self):
        partner = self.env["res.partner"].create({"name": "Stopped", "mobile": "+15005550004"})
        sms = self._send_sms(partner)
        self._run_queue()
        self.assertEqual(sms.failure_type, "sms_optout")
        self.assertIn("21610", sms.messaging_failure_reason)
        self.assertTrue(self.env["phone.blacklist"].sudo().search([("number", "=", "+15005550004")]))
        # the next SMS to that number is not even submitted
        sms2 = self._send_sms(partner)
        self._run_queue()
        self.assertEqual(sms2.failure_type, "sms_blacklist")
        self.assertEqual(len(self._attempts("+15005550004")), 1)

    def test_rate_limited_is_retried_with_backoff_then_given_up(self):
        # no Retry-After: our own growing delays apply
        self.server.behaviour["+33612345678"] = ErrorReply(429, 20429, "Too Many Requests")
        sms = self._send_sms(self.customer)
        now = fields.Datetime.now()
        with freeze_time(now):
            self._run_queue()
        self.assertEqual(sms.state, "outgoing")
        self.assertEqual(sms.messaging_attempts, 1)
        self.assertGreater(sms.messaging_next_try_at, now)
        self.assertIn("20429", sms.messaging_failure_reason)
        with freeze_time(now):
            self._run_queue()
        self.assertEqual(len(self._attempts("+33612345678")), 1, "not before its retry time")
        # each retry after its delay, until the fifth attempt gives up
        moment = now
        for attempt in range(2, 6):
            moment = sms.messaging_next_try_at + timedelta(seconds=1)
            with freeze_time(moment):
                self._run_queue()
            self.assertEqual(sms.messaging_attempts, attempt)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_server")
        self.assertEqual(len(self._attempts("+33612345678")), 5)
        self.assertGreater(moment - now, timedelta(minutes=10), "the delays grow")

    def test_user_retry_starts_afresh(self):
        self.server.behaviour["+33612345678"] = ErrorReply(400, 21211, "Invalid 'To' Phone Number")
        sms = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual(sms.state, "error")
        del self.server.behaviour["+33612345678"]  # the user fixed the number at the provider
        sms.action_set_outgoing()
        self.assertEqual((sms.state, sms.messaging_attempts, sms.messaging_failure_reason), ("outgoing", 0, False))
        self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self._received("+33612345678")), 1)

    def test_resend_from_the_list_queues_again(self):
        self.server.behaviour["+33612345678"] = "invalid"
        sms = self._send_sms(self.customer)
        self._run_queue()
        old_uuid = sms.uuid
        del self.server.behaviour["+33612345678"]
        action = sms.resend_failed()
        self.assertEqual(action["params"]["type"], "success")
        self.assertIn("queued again", action["params"]["message"])
        self.assertEqual(sms.state, "outgoing")
        self.assertNotEqual(sms.uuid, old_uuid, "reports about the failed attempt no longer apply")
        self.assertEqual(sms.sms_tracker_id.sms_uuid, sms.uuid, "the chatter still follows it")
        self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(self._notification(sms).notification_status, "pending")

    def test_report_before_the_answer_is_not_overwritten(self):
        """Twilio's 'failed' report can reach another worker before the sending worker
        records Twilio's answer: the SMS stays failed."""
        sms = self._send_sms(self.customer)
        self.env["sms.sms"].sudo()._messaging_claim(sms.id)
        message, provider, __ = sms._messaging_prepare()
        result = provider._gateway().send(message)
        report = provider._gateway().parse_status_callback(
            self.server.status_callback_params(result.provider_id, "failed", error_code=30007)
        )
        self.env["sms.sms"]._messaging_apply_delivery_report(sms.uuid, report, provider)
        sms._messaging_apply_send_result(result)
        self.assertEqual(sms.state, "error")
        self.assertEqual(sms.failure_type, "sms_rejected")
        self.assertEqual(sms.messaging_provider_message_id, result.provider_id)
        self.assertEqual(self._notification(sms).notification_status, "bounce")

    def test_rate_limited_then_accepted(self):
        self.server.behaviour["+33612345678"] = "rate_limited"
        sms = self._send_sms(self.customer)
        self._run_queue()
        del self.server.behaviour["+33612345678"]
        with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self._received("+33612345678")), 1)

    def _assert_reconciled(self, sms, expect_messages):
        """After the answer was lost, the SMS waits; the queue then asks Twilio."""
        self.assertEqual(sms.state, "process", "outcome unknown: neither resent nor failed")
        self.assertTrue(sms.messaging_failure_reason)
        self._run_queue()
        self.assertEqual(sms.state, "process", "not reconciled before its time")
        with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self._received("+33612345678")), expect_messages)
        self.assertEqual(sms.messaging_provider_message_id, self._received("+33612345678")[-1]["sid"])

    def test_accepted_then_connection_dropped_is_not_resent(self):
        self.server.behaviour["+33612345678"] = "accept_then_drop"
        sms = self._send_sms(self.customer)
        self._run_queue()
        del self.server.behaviour["+33612345678"]
        self._assert_reconciled(sms, expect_messages=1)
        self.assertEqual(len(self._attempts("+33612345678")), 1, "found at Twilio, never resent")

    def test_hanging_provider_times_out_and_is_reconciled(self):
        self.server.behaviour["+33612345678"] = "hang"
        sms = self._send_sms(self.customer)
        self._run_queue()
        del self.server.behaviour["+33612345678"]
        # the hanging request never created a message: reconciliation finds none and resends once
        self._assert_reconciled(sms, expect_messages=1)
        self.assertEqual(len(self._attempts("+33612345678")), 2)

    def test_same_text_sent_before_does_not_settle_a_lost_one(self):
        """A reminder that went out earlier with the same text to the same number
        is not mistaken for this SMS, which Twilio never got: it is resent."""
        first = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual(first.state, "pending")
        self.server.behaviour["+33612345678"] = "hang"
        second = self._send_sms(self.customer)
        self._run_queue()
        del self.server.behaviour["+33612345678"]
        self.assertEqual(second.state, "process")
        with freeze_time(second.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(second.state, "pending")
        self.assertEqual(len(self._received("+33612345678")), 2)
        self.assertNotEqual(second.messaging_provider_message_id, first.messaging_provider_message_id)

    def test_server_error_is_reconciled_before_any_resend(self):
        self.server.behaviour["+33612345678"] = "server_error"
        sms = self._send_sms(self.customer)
        self._run_queue()
        del self.server.behaviour["+33612345678"]
        self._assert_reconciled(sms, expect_messages=1)

    def test_provider_of_an_unsettled_sms_cannot_be_deleted(self):
        self.server.behaviour["+33612345678"] = "server_error"
        sms = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual(sms.state, "process")
        with self.assertRaisesRegex(UserError, "still being confirmed"):
            self.provider.unlink()
        # archived, it takes no new SMS but is still asked about this one, which it
        # never received: it goes through the provider that replaced it
        self.provider.action_archive()
        sandbox = self._create_provider("sandbox", name="Replacement")
        with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(sms.messaging_provider_id, sandbox)
        self.assertEqual(len(self._attempts("+33612345678")), 1, "asked, not resent through Twilio")
        self.assertEqual([m.to for m in self._sandbox_outbox(sandbox)], ["+33612345678"])
        self.provider.unlink()

    def test_never_received_gives_up_after_the_attempts(self):
        """A provider that always fails without an answer: the SMS is asked about,
        resent, and after the last attempt shown as failed; never resent blindly."""
        self.server.behaviour["+33612345678"] = "server_error"
        sms = self._send_sms(self.customer)
        self._run_queue()
        for __ in range(4):
            with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
                self._run_queue()  # asked: not received, so sent again
        self.assertEqual(sms.messaging_attempts, 5)
        with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertIn("never received", sms.messaging_failure_reason)
        self.assertEqual(len(self._attempts("+33612345678")), 5)

    def test_unanswerable_lookup_is_shown_as_failed_not_resent(self):
        self.server.behaviour["+33612345678"] = "server_error"
        self.server.list_behaviour = "server_error"
        sms = self._send_sms(self.customer)
        start = fields.Datetime.now()
        with freeze_time(start):
            self._run_queue()
        with freeze_time(start + timedelta(hours=1)):
            self._run_queue()
        self.assertEqual(sms.state, "process", "asked again later")
        with freeze_time(start + timedelta(hours=25)):
            self._run_queue()
        self.assertEqual(sms.state, "error")
        self.assertIn("provider's console", sms.messaging_failure_reason)
        self.assertEqual(len(self._attempts("+33612345678")), 1, "never resent blindly")

    def test_one_sms_that_cannot_be_reconciled_does_not_block_the_others(self):
        self.server.behaviour["+33612345678"] = "accept_then_drop"
        broken = self._create_provider(
            "twilio",
            name="Broken",
            prefixes="+32",
            twilio_account_sid=self.account_sid,
            twilio_auth_token=self.auth_token,
            twilio_from_number="+15005550006",
            twilio_api_url=self.server.base_url,
        )
        belgian = self.env["res.partner"].create({"name": "Lucas", "mobile": "+32 470 12 34 56"})
        self.server.behaviour["+32470123456"] = "accept_then_drop"
        stuck = self._send_sms(belgian)
        settled = self._send_sms(self.customer)
        self._run_queue()
        self.assertEqual((stuck.state, settled.state), ("process", "process"))
        broken.sudo().twilio_auth_token = False  # its settings broke meanwhile
        with (
            freeze_time(settled.messaging_next_try_at + timedelta(seconds=1)),
            self.assertLogs("odoo.addons.customer_messaging.models.sms_sms", "ERROR"),
        ):
            self._run_queue()
        self.assertEqual(settled.state, "pending")
        self.assertEqual(stuck.state, "process", "it waits for its provider to be fixed")

    def test_worker_died_after_claim_is_reconciled(self):
        """A claim whose worker died before calling Twilio is queued again after its lease."""
        sms = self._send_sms(self.customer)
        claimed = self.env["sms.sms"].sudo()._messaging_claim(sms.id)
        self.assertEqual(claimed, sms)
        sms._messaging_prepare()  # the provider was chosen, then the worker died
        self.assertEqual(sms.state, "process")
        self._run_queue()
        self.assertFalse(self._received(), "its lease has not ended: it belongs to its worker")
        with freeze_time(sms.messaging_next_try_at + timedelta(seconds=1)):
            self._run_queue()
        self.assertEqual(sms.state, "pending")
        self.assertEqual(len(self._received()), 1)

    def test_a_claimed_sms_cannot_be_claimed_again(self):
        # two real workers at once: test_sms_crash.TestSmsCrashSafety.test_two_workers_at_once
        sms = self._send_sms(self.customer)
        first = self.env["sms.sms"].sudo()._messaging_claim(sms.id)
        second = self.env["sms.sms"].sudo()._messaging_claim(sms.id)
        self.assertEqual(first, sms)
        self.assertFalse(second)
