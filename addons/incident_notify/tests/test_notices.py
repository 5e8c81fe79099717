import re

from freezegun import freeze_time

from odoo.tests import Form, tagged

from .common import IncidentCase

LINK_RE = re.compile(r'href="[^"]*/rating_widget/([A-Za-z0-9_\-]+)/([1-5])"')


@tagged("post_install", "-at_install")
class TestTicketNotices(IncidentCase):
    def test_created_ticket_notifies_the_customer_with_the_observations(self):
        ticket = self._ticket(description="<p>My <b>printer</b> prints blank pages.</p><script>alert(1)</script>")
        row = self._rows(ticket, "created")
        self.assertEqual((row.state, row.channel, row.kind), ("pending", "email", "transactional"))
        self._dispatch()
        self.assertEqual(row.state, "done")
        message = row.message_id
        self.assertEqual((message.model, message.res_id), ("helpdesk.ticket", ticket.id))
        self.assertIn(ticket, self.env["helpdesk.ticket"].search([("message_ids", "in", message.ids)]))
        self.assertEqual(message.subject, f"We have received your request {ticket.number}")
        self.assertIn("<b>printer</b> prints blank pages.", message.body)
        self.assertNotIn("<script", message.body)
        self.assertIn("Amélie Poulain", message.body)
        self.assertFalse(LINK_RE.findall(message.body))

    def test_closing_notifies_with_the_rating_widget(self):
        ticket = self._ticket()
        self._dispatch()
        ticket.stage_id = self.stage_progress
        self.assertFalse(self._rows(ticket, "closed"))
        ticket.stage_id = self.stage_done
        row = self._rows(ticket, "closed")
        self.assertEqual(row.state, "pending")
        self._dispatch()
        self.assertEqual(row.state, "done")
        self.assertEqual(row.message_id.subject, f"Your request {ticket.number} is closed")
        links = LINK_RE.findall(row.message_id.body)
        self.assertEqual([score for __, score in links], ["1", "2", "3", "4", "5"])
        rating = self.env["rating.rating"].search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        self.assertEqual(rating.access_token, links[0][0])
        self.assertEqual(rating.rating_widget_user_id, self.agent)
        self.assertEqual(rating.rating_widget_team, "Support")

    def test_a_ticket_reopened_before_sending_gets_no_closing_notice(self):
        ticket = self._ticket()
        ticket.stage_id = self.stage_done
        ticket.stage_id = self.stage_progress
        self._dispatch()
        row = self._rows(ticket, "closed")
        self.assertEqual((row.state, row.error), ("cancelled", "the ticket was reopened"))
        self.assertIn("Ticket closed notice not sent: the ticket was reopened", self._notes(ticket).body)

    def test_the_closing_notice_and_its_rating_request_can_wait_a_day(self):
        self.company.incident_notify_closed_delay = 24
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
            ticket.stage_id = self.stage_done
            row = self._rows(ticket, "closed")
            self.assertEqual(str(row.planned_at), "2026-03-03 09:00:00")
            self._dispatch()
            self.assertEqual(row.state, "pending", "not before the day is over")
            rating = self.env["rating.rating"].search(
                [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
            )
            self.assertFalse(rating, "no rating requested yet")
        with freeze_time("2026-03-03 09:01:00"):
            self._dispatch()
        self.assertEqual(row.state, "done")
        self.assertTrue(LINK_RE.findall(row.message_id.body), "the rating request goes with it")

    def test_a_ticket_reopened_during_the_delay_cancels_the_rating_request(self):
        self.company.incident_notify_closed_delay = 24
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
            ticket.stage_id = self.stage_done
        with freeze_time("2026-03-02 17:00:00"):
            ticket.stage_id = self.stage_progress  # the customer wrote back: not solved
        with freeze_time("2026-03-03 09:01:00"):
            self._dispatch()
        row = self._rows(ticket, "closed")
        self.assertEqual((row.state, row.error), ("cancelled", "the ticket was reopened"))
        self.assertFalse(
            self.env["rating.rating"].search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        )

    def test_closing_again_after_reopening_notifies_again(self):
        # each closing is told apart by when it happened (as a rule on closing sees it)
        with freeze_time("2026-03-02 09:00:00"):
            ticket = self._ticket()
            ticket.stage_id = self.stage_done
            self._dispatch()
        with freeze_time("2026-03-02 15:30:00"):
            ticket.stage_id = self.stage_progress
            ticket.stage_id = self.stage_done
        self.assertEqual(len(self._rows(ticket, "closed")), 2)

    def test_only_a_closed_stage_of_the_ticket_team_closes_it(self):
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Other"})
        other_closed = self.stage_done.copy({"name": "Done elsewhere", "team_ids": [(6, 0, other_team.ids)]})
        ticket = self._ticket()
        ticket.stage_id = other_closed
        self.assertFalse(self._rows(ticket, "closed"))
        own_closed = self.stage_done.copy({"name": "Solved", "team_ids": [(6, 0, self.team.ids)]})
        ticket.stage_id = own_closed
        self.assertTrue(self._rows(ticket, "closed"))

    def test_settings_preset_the_check_boxes_and_tickets_override_them(self):
        self.company.write({"incident_notify_created": False, "incident_notify_closed": False})
        ticket = self._ticket()
        self.assertFalse(ticket.incident_notify_created or ticket.incident_notify_closed)
        ticket.stage_id = self.stage_done
        self.assertFalse(self._rows(ticket))
        # ticked for this ticket, in the form, at creation
        form = Form(self.env["helpdesk.ticket"])
        form.name = "Screen flickers"
        form.description = "<p>Since Monday.</p>"
        form.partner_id = self.customer
        form.team_id = self.team
        self.assertFalse(form.incident_notify_created)
        form.incident_notify_created = True
        form.incident_notify_closed = True
        ticket = form.save()
        self.assertEqual(len(self._rows(ticket, "created")), 1)
        # settings on, unticked on the ticket
        self.company.write({"incident_notify_created": True, "incident_notify_closed": True})
        ticket = self._ticket(incident_notify_created=False)
        self.assertTrue(ticket.incident_notify_closed)
        self.assertFalse(self._rows(ticket, "created"))
        # unticked after it was queued: not sent
        ticket = self._ticket()
        ticket.stage_id = self.stage_done
        ticket.incident_notify_closed = False
        self._dispatch()
        self.assertEqual(self._rows(ticket, "closed").state, "cancelled")

    def test_sms_where_the_customer_only_has_a_mobile(self):
        mobile_only = self.env["res.partner"].create(
            {"name": "Paul Mobile", "mobile": "06 11 22 33 44", "country_id": self.fr.id, "messaging_accepts_sms": True}
        )
        ticket = self._ticket(mobile_only)
        ticket.stage_id = self.stage_done
        rows = self._rows(ticket)
        self.assertEqual(set(rows.mapped("channel")), {"sms"})
        self._dispatch()
        self.assertEqual(set(rows.mapped("state")), {"done"})
        self._run_sms_queue()
        bodies = [message.body for message in self._sandbox_messages()]
        self.assertEqual(len(bodies), 2)
        self.assertIn(f"ticket {ticket.number}", bodies[0])
        token = self.env["rating.rating"].search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        self.assertIn(f"/rating_widget/{token.access_token}", bodies[1])
        self.assertEqual(len(ticket.message_ids.filtered(lambda m: m.message_type == "sms")), 2)

    def test_consent_applies_and_what_is_not_sent_is_in_the_chatter(self):
        ticket = self._ticket(self.no_consent)
        self._dispatch()
        row = self._rows(ticket, "created")
        self.assertEqual((row.state, row.reason), ("skipped", "no_service_consent"))
        self.assertIn("Ticket created notice not sent: No consent (company policy", self._notes(ticket).body)
        nobody = self.env["res.partner"].create({"name": "No Address"})
        ticket = self._ticket(nobody)
        self.assertFalse(self._rows(ticket))
        self.assertIn("has neither an email address nor a mobile number", self._notes(ticket).body)

    def test_a_ticket_from_an_incoming_email_is_notified(self):
        raw = (
            "From: Amélie Poulain <amelie@example.com>\r\n"
            "To: support@example.com\r\n"
            "Subject: Printer again\r\n"
            "Message-ID: <incident-notify-test@example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "The printer prints blank pages again.\r\n"
        )
        ticket_id = self.env["mail.thread"].message_process("helpdesk.ticket", raw.encode())
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.customer)
        self._dispatch()
        row = self._rows(ticket, "created")
        self.assertEqual(row.state, "done")
        self.assertIn("blank pages again", row.message_id.body)

    def test_ticket_tags(self):
        names = [tag.name for tag in self.env["helpdesk.ticket"]._messaging_template_tags()]
        for tag in (
            "OBSERVATIONS",
            "TICKETNUMBER",
            "TICKETTITLE",
            "TICKETSTAGE",
            "TICKETTEAM",
            "ASSIGNEDTO",
            "WIDGETVALUATION",
        ):
            self.assertIn(tag, names)
        template = self.env["messaging.template"].create(
            {
                "name": "All tags",
                "channel": "sms",
                "model_id": self.env["ir.model"]._get_id("helpdesk.ticket"),
                "body_text": "@TICKETNUMBER@ @TICKETTITLE@ @TICKETSTAGE@ @TICKETTEAM@ @ASSIGNEDTO@: @OBSERVATIONS@",
            }
        )
        ticket = self._ticket()
        preview = self.env["messaging.template.preview"].create({"template_id": template.id, "res_id": ticket.id})
        self.assertEqual(
            preview.body_text,
            f"{ticket.number} Printer broken New Support Alice Agent: My *printer* prints blank pages.",
        )

    def test_settings_edit_the_messages(self):
        settings = self.env["res.config.settings"].create({})
        self.assertTrue(settings.incident_notify_created)
        self.assertIn("@WIDGETVALUATION@", settings.incident_notify_closed_body)
        self.assertIn("@OBSERVATIONS@", settings.incident_notify_created_body)
        settings.write({"incident_notify_closed_subject": "Closed: @TICKETNUMBER@", "incident_notify_created": False})
        settings.execute()
        self.assertFalse(self.company.incident_notify_created)
        ticket = self._ticket()
        self.assertFalse(self._rows(ticket, "created"))
        ticket.stage_id = self.stage_done
        self._dispatch()
        self.assertEqual(self._rows(ticket, "closed").message_id.subject, f"Closed: {ticket.number}")

    def test_an_agent_without_messaging_rights_closes_a_ticket(self):
        ticket = self._ticket()
        self.assertFalse(self.agent.has_group("customer_messaging.group_messaging_user"))
        ticket.with_user(self.agent).write({"stage_id": self.stage_done.id})
        self._dispatch()
        self.assertEqual(self._rows(ticket, "closed").state, "done")
