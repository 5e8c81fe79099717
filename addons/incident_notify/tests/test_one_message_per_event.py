from freezegun import freeze_time

from odoo.tests import tagged

from .common import IncidentCase


@tagged("post_install", "-at_install")
class TestOneMessagePerEvent(IncidentCase):
    """A ticket notice and a notification rule on tickets announce the same events:
    the customer hears once of each, whichever feature plans it first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ticket_model = cls.env["ir.model"]._get("helpdesk.ticket")
        cls.rule_template = cls.env["messaging.template"].create(
            {
                "name": "Ticket news by SMS",
                "channel": "sms",
                "model_id": ticket_model.id,
                "body_text": "@COMPANYNAME@: news about your ticket @TICKETNUMBER@.",
            }
        )
        cls.customer.messaging_accepts_sms = True
        cls.rule_values = {
            "model_id": ticket_model.id,
            "channel": "sms",
            "template_id": cls.rule_template.id,
            "company_id": cls.company.id,
        }

    def _messages_about(self, ticket):
        rows = self.outbox.search([("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        return rows

    @freeze_time("2026-03-02 10:00:00")  # within the SMS sending hours: the rule's SMS leaves at once
    def test_a_rule_on_ticket_creation_and_the_created_notice_send_one_message(self):
        rule = self.env["messaging.rule"].create({**self.rule_values, "trigger": "create"})
        ticket = self._ticket()
        rows = self._messages_about(ticket)
        self.assertEqual(len(rows), 1, "one message for one event, whoever planned it")
        self.assertEqual((rows.source, rows.rule_id, rows.channel), ("rule", rule, "sms"), "the first one planned")
        self._dispatch()
        self.assertEqual(rows.state, "done")
        self._run_sms_queue()
        self.assertEqual(len(self._sandbox_messages()), 1)
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: m.subject and "We have received your request" in m.subject),
            "no email on top of the SMS",
        )

    def test_a_rule_on_closing_and_the_closing_notice_send_one_message_per_closing(self):
        self.env["messaging.rule"].create(
            {**self.rule_values, "trigger": "status_to", "status_ref": self.stage_done.id}
        )
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
            self._dispatch()
            ticket.stage_id = self.stage_done
        first = self.outbox.search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id), ("dedupe_key", "like", "%:closed:%")]
        )
        self.assertEqual(len(first), 1, "the closing notice and the rule: one message")
        # reopened the next day and closed again: a new closing, a new message
        with freeze_time("2026-03-03 10:00:00"):
            ticket.stage_id = self.stage_progress
            ticket.stage_id = self.stage_done
        closings = self.outbox.search(
            [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id), ("dedupe_key", "like", "%:closed:%")]
        )
        self.assertEqual(len(closings), 2)

    def test_a_status_rule_that_is_not_a_closing_keeps_its_own_message(self):
        self.env["messaging.rule"].create(
            {**self.rule_values, "trigger": "status_to", "status_ref": self.stage_progress.id}
        )
        ticket = self._ticket()
        ticket.stage_id = self.stage_progress
        sources = sorted(self._messages_about(ticket).mapped("source"))
        self.assertEqual(sources, ["incident_notify", "rule"], "created notice, then the rule's own event")

    def test_the_rule_form_says_when_the_ticket_notices_already_cover_the_event(self):
        rule = self.env["messaging.rule"].create({**self.rule_values, "trigger": "create"})
        self.assertIn("already tell customers their ticket was created", rule.covered_by)
        closing = self.env["messaging.rule"].create(
            {**self.rule_values, "trigger": "status_to", "status_ref": self.stage_done.id}
        )
        self.assertIn("already tell customers their ticket was closed", closing.covered_by)
        progress = self.env["messaging.rule"].create(
            {**self.rule_values, "trigger": "status_to", "status_ref": self.stage_progress.id}
        )
        self.assertFalse(progress.covered_by)
        self.company.incident_notify_created = False
        rule.invalidate_recordset(["covered_by"])
        self.assertFalse(rule.covered_by, "the notices are off: the rule covers the event alone")
