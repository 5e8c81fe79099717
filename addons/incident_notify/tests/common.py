from odoo.addons.customer_messaging.tests.common import MessagingCase


class IncidentCase(MessagingCase):
    """A helpdesk team, its agent, and the module's settings on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"incident_notify_created": True, "incident_notify_closed": True})
        cls.company._incident_notify_set_default_templates()
        cls.agent = cls.env["res.users"].create(
            {
                "name": "Alice Agent",
                "login": "alice.agent",
                "email": "alice.agent@example.com",
                "groups_id": [(6, 0, [cls.env.ref("helpdesk_mgmt.group_helpdesk_user").id])],
            }
        )
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Support", "user_ids": [(6, 0, cls.agent.ids)]})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.outbox = cls.env["messaging.outbox"]

    def _ticket(self, partner=None, **values):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Printer broken",
                "description": "<p>My <b>printer</b> prints blank pages.</p>",
                "partner_id": (partner or self.customer).id,
                "team_id": self.team.id,
                "user_id": self.agent.id,
                **values,
            }
        )

    def _rows(self, ticket, event=None):
        domain = [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)]
        if event:
            domain += [("source", "=", "incident_notify"), ("event", "=", event)]
        return self.outbox.search(domain)

    def _dispatch(self):
        self.outbox._dispatch(auto_commit=False)

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: "not sent" in (m.body or ""))
