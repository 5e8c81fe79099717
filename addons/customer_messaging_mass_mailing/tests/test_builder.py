import email

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase, SmtpSink, send_mail_queue

from ..hooks import uninstall_hook

# what Odoo's email designer saves: the layout it edits, and the same with styles inlined
ARCH = (
    '<div class="o_layout oe_unremovable o_empty_theme" data-name="Mailing">'
    '<div class="o_mail_wrapper_td oe_structure o_editable">'
    '<div class="s_title o_mail_snippet_general" data-snippet="s_mail_block_title">'
    "<h1>Spring news for @CUSTOMERNAME@</h1></div>"
    '<div class="s_text_block"><p>From @COMPANYNAME@, with love.</p></div></div></div>'
)
INLINE = (
    '<div class="o_layout o_empty_theme" style="background-color:#e9ecef;padding:0 0 24px 0;">'
    '<table style="width:100%;max-width:600px;margin:0 auto;"><tr><td style="background-color:#ffffff;">'
    '<h1 style="color:#1f2e3d;font-size:28px;">Spring news for @CUSTOMERNAME@</h1>'
    '<p style="font-size:14px;">From @COMPANYNAME@, with love.</p>'
    '<p><a href="/view">View online</a> | <a role="button" href="/unsubscribe_from_list">Unsubscribe</a></p>'
    "</td></tr></table></div>"
)


@tagged("post_install", "-at_install")
class TestDesignedTemplates(MessagingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.designed = cls.env["messaging.template"].create(
            {
                "name": "Spring news",
                "design": "blocks",
                "subject": "Spring at @COMPANYNAME@",
                "body_arch": ARCH,
                "body_html": INLINE,
            }
        )

    def _received(self, partners, template):
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        bulk = self.env["messaging.bulk"].create(
            {"channel": "email", "template_id": template.id, "partner_ids": [(6, 0, partners.ids)]}
        )
        bulk.action_start()
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        send_mail_queue(self.env, sink)
        return bulk, {envelope.rcpt_tos[0]: envelope.content.decode() for envelope in sink.envelopes}

    def test_a_designed_email_reaches_the_customer_as_designed(self):
        bulk, received = self._received(self.customer, self.designed)
        self.assertEqual(list(received), ["amelie@example.com"])
        email = received["amelie@example.com"]
        row = bulk.outbox_ids
        self.assertEqual(row.state, "done")
        html = email.split("Content-Type: text/html", 1)[1]
        body = self._decoded(html)
        self.assertIn('<h1 style="color:#1f2e3d;font-size:28px;">Spring news for Amélie Poulain</h1>', body)
        self.assertIn(f"From {self.company.name}, with love.", body)
        unsubscribe = f"{self.company.get_base_url()}/customer_messaging/unsubscribe/{row.sudo().token}"
        self.assertIn(f'href="{unsubscribe}">Unsubscribe</a>', body, "the design's own link")
        self.assertEqual(body.count(unsubscribe), 1, "no second link under a design that has one")
        self.assertNotIn("View online", body, "there is no web version to view")
        self.assertNotIn("background-color:#f4f5f7", body, "the design is the whole email: no company layout around it")
        self.assertNotIn("@CUSTOMERNAME@", body)

    def test_a_designed_service_email_has_no_unsubscribe_link(self):
        sink = SmtpSink().start()
        self.addCleanup(sink.stop)
        self.template = self.designed
        self._enqueue_service_emails(self.customer)
        self.env["messaging.outbox"]._dispatch(auto_commit=False)
        send_mail_queue(self.env, sink)
        self.assertEqual(len(sink.envelopes), 1)
        body = self._decoded(sink.envelopes[0].content.decode().split("Content-Type: text/html", 1)[1])
        self.assertIn("Spring news for Amélie Poulain", body)
        self.assertNotIn("Unsubscribe", body, "a service message cannot be unsubscribed from")
        self.assertNotIn("unsubscribe_from_list", body)

    def _decoded(self, part):
        message = email.message_from_string("Content-Type: text/html" + part)
        return message.get_payload(decode=True).decode()

    def test_the_designer_offers_the_tags_of_the_document_type(self):
        tags = {tag["name"]: tag["description"] for tag in self.designed.messaging_builder_tags}
        self.assertIn("CUSTOMERNAME", tags)
        self.assertTrue(tags["CUSTOMERNAME"])
        self.assertEqual(self.designed.mailing_model_id.model, "res.partner")

    def test_scripts_and_event_handlers_never_stay_in_a_design(self):
        self.designed.body_arch = (
            '<div class="o_layout" data-name="Mailing" style="color:red">'
            '<img src="x" onerror="alert(1)"/><script>alert(2)</script><p>Kept</p></div>'
        )
        arch = str(self.designed.body_arch)
        self.assertNotIn("onerror", arch)
        self.assertNotIn("<script", arch)
        self.assertIn('data-name="Mailing"', arch, "the designer's own attributes stay")
        self.assertIn("color:red", arch.replace(" ", ""))

    def test_template_code_in_a_design_needs_a_template_designer(self):
        self.user.groups_id += self.env.ref("customer_messaging.group_messaging_manager")
        self.user.groups_id -= self.env.ref("mail.group_mail_template_editor")
        with self.assertRaisesRegex(ValidationError, "template designers"):
            self.designed.with_user(self.user).write(
                {"body_arch": "<p>{{ 7 * 7 }}</p>", "body_html": "<p>{{ 7 * 7 }}</p>"}
            )

    def test_block_rows_move_into_the_designer_in_every_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        template = self.env["messaging.template"].create(
            {
                "name": "Rows",
                "design": "blocks",
                "subject": "Hi",
                "block_ids": [
                    (0, 0, {"sequence": 1, "kind": "heading", "content": "Hello @CUSTOMERNAME@"}),
                    (0, 0, {"sequence": 2, "kind": "button", "content": "Visit", "url": "https://example.com"}),
                ],
            }
        )
        template.block_ids[0].with_context(lang="fr_FR").content = "Bonjour @CUSTOMERNAME@"
        values = self.customer._messaging_template_values(self.customer)[0]
        before = {lang: template._render_one(values, lang=lang)[1] for lang in ("en_US", "fr_FR")}
        self.assertFalse(template._messaging_full_email())

        template._messaging_design_from_rows()

        self.assertTrue(template._messaging_built() and template._messaging_full_email())
        for lang, rows_html in before.items():
            self.assertIn(str(rows_html), str(template._render_one(values, lang=lang)[1]))
        self.assertIn("Bonjour Amélie Poulain", str(template._render_one(values, lang="fr_FR")[1]))
        self.assertIn("o_mail_wrapper_td", str(template.with_context(lang="fr_FR").body_arch))

    def test_uninstalling_the_designer_keeps_what_was_designed(self):
        values = self.customer._messaging_template_values(self.customer)[0]
        designed = self.designed._render_one(values)
        uninstall_hook(self.env)
        self.assertEqual(self.designed.design, "html")
        self.assertEqual(self.designed._render_one(values), designed)


@tagged("post_install", "-at_install")
class TestDesignerTour(HttpCase):
    def test_design_a_template_by_drag_and_drop(self):
        self.start_tour("/odoo", "customer_messaging_builder", login="admin", timeout=180)
        template = self.env["messaging.template"].search([("name", "=", "Drag and drop welcome")])
        self.assertEqual(template.design, "blocks")
        self.assertIn("o_mail_wrapper_td", template.body_arch, "the designer's layout is kept for editing")
        self.assertIn("<h1", template.body_html)
        self.assertIn("style=", template.body_html, "styles are inlined for mail programs")
        customer = self.env["res.partner"].create({"name": "Zoé Tour", "email": "zoe@example.com"})
        subject, body = template._render_one(customer._messaging_template_values(customer)[0])
        self.assertEqual(subject, "Welcome Zoé Tour")
        self.assertIn("Zoé Tour", str(body), "the tag inserted from the designer is replaced")
