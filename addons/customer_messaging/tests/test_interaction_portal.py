import re

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .interaction_common import InteractionFixture


@tagged("post_install", "-at_install")
class TestInteractionPortal(HttpCase, InteractionFixture):
    """The portal pages as HTTP requests: each forbidden read is tried through the routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_interactions()

    def _csrf(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def test_list_shows_only_the_customers_published_interactions(self):
        self.authenticate("alice.portal", "alice.portal")
        response = self.url_open("/my/interactions")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Delivery moved to Thursday", response.text)
        for other in ("Pays late, call first", "Globex price list sent", "Second company visit"):
            self.assertNotIn(other, response.text)
        self.assertIn("/my/interactions", self.url_open("/my").text, "an entry on the portal home")

    def test_detail_shows_notes_and_thread(self):
        self.acme_published._reply("<p>The truck leaves at 8.</p>", send_email=False)
        self.acme_published.message_post(body="Internal note about Alice", message_type="comment", is_internal=True)
        self.authenticate("alice.portal", "alice.portal")
        response = self.url_open(f"/my/interactions/{self.acme_published.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your order arrives on Thursday.", response.text)
        self.assertIn("The truck leaves at 8.", response.text)
        self.assertNotIn("Internal note about Alice", response.text)
        self.assertIn("<p>The truck leaves at 8.</p>", response.text, "HTML, not escaped text")

    @mute_logger("odoo.http")
    def test_forbidden_pages_answer_not_found(self):
        self.authenticate("alice.portal", "alice.portal")
        for interaction_id in (
            self.acme_internal.id,
            self.globex_published.id,
            self.second_company_published.id,
            999999999,
        ):
            with self.subTest(interaction_id=interaction_id):
                self.assertEqual(self.url_open(f"/my/interactions/{interaction_id}").status_code, 404)
        self.authenticate("bob.portal", "bob.portal")
        self.assertEqual(self.url_open(f"/my/interactions/{self.acme_published.id}").status_code, 404)
        self.assertNotIn("Delivery moved to Thursday", self.url_open("/my/interactions").text)

    @mute_logger("odoo.http")
    def test_reply_to_someone_elses_interaction_is_refused(self):
        self.authenticate("bob.portal", "bob.portal")
        token = self._csrf(f"/my/interactions/{self.globex_published.id}")
        for interaction in (self.acme_published, self.acme_internal):
            response = self.url_open(
                f"/my/interactions/{interaction.id}/reply", data={"csrf_token": token, "body": "Let me in"}
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(self.env["mail.message"].search([("author_id", "=", self.bob.id)]))

    @mute_logger("odoo.http")
    def test_plain_internal_user_and_visitor(self):
        self.authenticate("paul.plain", "paul.plain")
        self.assertEqual(self.url_open("/my/interactions").status_code, 404)
        self.assertEqual(self.url_open(f"/my/interactions/{self.acme_published.id}").status_code, 404)
        self.authenticate(None, None)
        response = self.url_open(f"/my/interactions/{self.acme_published.id}", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_reply_and_remark_by_post(self):
        self.authenticate("alice.portal", "alice.portal")
        url = f"/my/interactions/{self.acme_published.id}"
        token = self._csrf(url)
        response = self.url_open(f"{url}/reply", data={"csrf_token": token, "body": "Thursday is fine"})
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your reply was sent.", response.text)
        message = self.acme_published.thread_message_ids
        self.assertEqual((message.author_id, message.messaging_direction), (self.alice, "in"))
        response = self.url_open(f"{url}/reply", data={"csrf_token": token, "body": "  "})
        self.assertIn("Write a reply before sending it.", response.text)
        response = self.url_open(
            "/my/remarks/new", data={"csrf_token": token, "subject": "Slow", "body": "Answers take a week."}
        )
        self.assertIn("Thank you, your remark was sent.", response.text)
        remark = self.env["messaging.customer.remark"].search([("partner_id", "=", self.alice.id)])
        self.assertEqual((remark.name, remark.body), ("Slow", "Answers take a week."))

    def test_a_get_changes_nothing(self):
        self.authenticate("alice.portal", "alice.portal")
        before = len(self.acme_published.message_ids)
        self.url_open(f"/my/interactions/{self.acme_published.id}/reply?body=hello")
        self.url_open("/my/remarks/new?subject=a&body=b")
        self.assertEqual(len(self.acme_published.message_ids), before)
        self.assertFalse(self.env["messaging.customer.remark"].search([("partner_id", "=", self.alice.id)]))

    def test_portal_tour(self):
        self.start_tour("/my", "customer_messaging_interaction_portal", login="alice.portal")
        message = self.acme_published.thread_message_ids
        self.assertEqual(message.author_id, self.alice)
        self.assertIn("Thursday suits us, thank you.", message.body)
        self.assertEqual(
            self.env["messaging.customer.remark"].search([("partner_id", "=", self.alice.id)]).name,
            "Friendly driver",
        )

    def test_portal_in_french(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env["ir.module.module"]._load_module_terms(["customer_messaging"], ["fr_FR"], overwrite=True)
        self.alice_user.lang = "fr_FR"
        self.authenticate("alice.portal", "alice.portal")
        url = f"/my/interactions/{self.acme_published.id}"
        page = self.url_open(url).text
        self.assertIn("Votre réponse", page)
        self.assertIn("Historique", page)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = self.url_open(f"{url}/reply", data={"csrf_token": token, "body": " "})
        self.assertIn("Écrivez une réponse avant de l&#39;envoyer.", response.text)
        self.assertIn("Vos interactions", self.url_open("/my").text)

    def test_backend_tour_log_and_reply(self):
        self.acme.messaging_credit_hold_manual = True
        self.cm_user.tz = "Europe/Paris"
        action = self.env.ref("customer_messaging.messaging_interaction_action")
        self.start_tour(f"/odoo/action-{action.id}", "customer_messaging_interaction_log", login="mia.messaging")
        interaction = self.env["messaging.interaction"].search([("name", "=", "Tour: delivery confirmed")])
        self.assertEqual((interaction.partner_id, interaction.direction), (self.alice, "outgoing"))
        self.assertEqual(interaction.entered_by_id, self.cm_user)
        self.assertEqual(interaction.activity_ids.summary, "Call back after the delivery")
        reply = interaction.thread_message_ids
        self.assertEqual(reply.partner_ids, self.alice)
        self.assertTrue(self.env["mail.mail"].search([("mail_message_id", "=", reply.id)]), "emailed to Alice")
