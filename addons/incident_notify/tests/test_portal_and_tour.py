import re

from odoo import http
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.customer_messaging.tests.common import SmtpSink, send_mail_queue

from .common import IncidentCase

LINK_RE = re.compile(r'href="([^"]*/rating_widget/[A-Za-z0-9_\-]+/([1-5]))"')


@tagged("post_install", "-at_install")
class TestPortalAndTour(HttpCase, IncidentCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("rating_widget.form_min_seconds", 0)

    def test_a_ticket_from_the_portal_form_is_notified(self):
        portal = new_test_user(
            self.env, login="portal.customer", groups="base.group_portal", password="portal.customer"
        )
        portal.partner_id.write({"email": "portal.customer@example.com", "messaging_accepts_email": True})
        self.authenticate("portal.customer", "portal.customer")
        response = self.url_open(
            "/submitted/ticket",
            data={
                "category": self.env.ref("helpdesk_mgmt.helpdesk_category_1").id,
                "csrf_token": http.Request.csrf_token(self),
                "subject": "Portal ticket",
                "description": "Sent from the portal",
            },
        )
        self.assertEqual(response.status_code, 200)
        ticket = self.env["helpdesk.ticket"].search([("name", "=", "Portal ticket")])
        self.assertEqual(ticket.partner_id, portal.partner_id)
        self._dispatch()
        row = self._rows(ticket, "created")
        self.assertEqual(row.state, "done")
        self.assertIn("Sent from the portal", row.message_id.body)

    def test_settings_show_the_notices_and_the_widget(self):
        self.start_tour("/odoo/settings", "incident_notify_settings", login="admin")

    def test_tour_close_a_ticket_then_rate_it_from_the_email(self):
        self.stage_done.fold = False  # in the status bar, not in its "more" menu
        ticket = self._ticket()
        self._dispatch()  # the creation notice
        ticket.invalidate_recordset()
        # an agent closes the ticket in the form
        self.start_tour(f"/odoo/helpdesk.ticket/{ticket.id}", "incident_notify_close_ticket", login="admin")
        self.assertEqual(ticket.stage_id, self.stage_done)
        self._dispatch()
        # the email leaves through real SMTP; the customer opens its rating link
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        send_mail_queue(self.env, sink)
        mails = [e.content.decode() for e in sink.envelopes if "amelie@example.com" in e.rcpt_tos]
        closing = next(m for m in mails if "is closed" in m)
        import email
        from email import policy

        html = next(
            part.get_content()
            for part in email.message_from_string(closing, policy=policy.default).walk()
            if part.get_content_type() == "text/html"
        )
        url = next(link for link, score in LINK_RE.findall(html) if score == "4")
        path = url[url.index("/rating_widget/") :]
        self.logout()
        # in Chromium, without login: the clicked score is selected; the customer
        # changes it, comments and sends
        self.browser_js(
            path,
            """
            const checked = document.querySelector("input[name=score]:checked");
            if (!checked || checked.value !== "4") { console.error("the clicked score is not selected"); }
            document.querySelector("label[for=rw_score_5]").click();
            document.querySelector("#rw_comment").value = "Fixed in a day, thank you";
            const form = document.querySelector("form");
            fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
                .then((response) => response.text())
                .then((text) => {
                    if (text.includes("Thank you for your rating")) { console.log("test successful"); }
                    else { console.error("rating not recorded"); }
                });
            """,
            ready="document.readyState === 'complete'",
        )
        rating = self.env["rating.rating"].search([("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id)])
        rating.invalidate_recordset()
        self.assertEqual((rating.rating, rating.feedback, rating.consumed), (5, "Fixed in a day, thank you", True))
        message = ticket.message_ids.filtered(lambda m: m.rating_ids == rating)
        self.assertIn("Fixed in a day, thank you", message.body)
        # and the agent is told
        agent_mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "helpdesk.ticket"),
                    ("res_id", "=", ticket.id),
                    ("recipient_ids", "in", self.agent.partner_id.ids),
                ]
            )
        )
        self.assertIn("5/5", agent_mail.subject)
