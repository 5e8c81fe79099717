from markupsafe import Markup

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import MessagingCase


@tagged("post_install", "-at_install")
class TestTemplates(MessagingCase):
    def test_tags_are_listed_with_descriptions(self):
        self.assertIn("@CUSTOMERNAME@", self.template.available_tags)
        self.assertIn("Name of the customer", self.template.available_tags)
        self.assertNotIn("@AMOUNTDUE@", self.template.available_tags, "partners have no amount due")

    def test_unknown_tag_names_the_tag_and_line(self):
        with self.assertRaisesRegex(ValidationError, r"Line 2: unknown tag @NOSUCHTAG@"):
            self.template.body_html = "<p>Hello</p>\n<p>@NOSUCHTAG@</p>"

    def test_template_code_is_for_designers_only(self):
        designer_group = self.env.ref("mail.group_mail_template_editor")
        manager = self.env["res.users"].create(
            {
                "name": "Manager",
                "login": "cm.manager",
                "groups_id": [(6, 0, [self.env.ref("customer_messaging.group_messaging_manager").id])],
            }
        )
        manager.groups_id -= designer_group
        template = self.template.with_user(manager)
        with self.assertRaisesRegex(ValidationError, "Only template designers"):
            template.subject = "{{ 7 * 7 }}"
        template.subject = "Hello @CUSTOMERNAME@"  # tags are fine
        manager.groups_id += designer_group
        template.subject = "{% if 1 %}Hi{% endif %} @CUSTOMERNAME@"
        self.assertEqual(template._messaging_render(self.customer, self.customer)[0][0], "Hi Amélie Poulain")

    def test_sandbox_refuses_escapes(self):
        with self.assertRaisesRegex(ValidationError, "not allowed"):
            self.template.subject = "{{ ''.__class__.__mro__ }}"

    def test_raw_html_is_sanitised(self):
        self.template.write({"design": "html", "body_html": '<p onclick="x()">Hi</p><script>alert(1)</script>'})
        self.assertNotIn("script", self.template.body_html)
        self.assertNotIn("onclick", self.template.body_html)

    def test_html_values_are_escaped(self):
        self.customer.name = "<b>Evil</b>"
        __, body = self.template._messaging_render(self.customer, self.customer)[0]
        self.assertIn("&lt;b&gt;Evil&lt;/b&gt;", body)

    def test_block_design(self):
        template = self.env["messaging.template"].create(
            {
                "name": "Blocks",
                "design": "blocks",
                "subject": "Hi",
                "block_ids": [
                    (
                        0,
                        0,
                        {
                            "sequence": 2,
                            "kind": "button",
                            "content": "Open",
                            "url": "https://example.com/@CUSTOMERREF@",
                        },
                    ),
                    (0, 0, {"sequence": 1, "kind": "heading", "content": "Hello @CUSTOMERNAME@"}),
                    (0, 0, {"sequence": 3, "kind": "button", "content": "Bad", "url": "javascript:alert(1)"}),
                ],
            }
        )
        self.customer.ref = "C42"
        __, body = template._messaging_render(self.customer, self.customer)[0]
        self.assertLess(body.index("Hello Amélie Poulain"), body.index("Open"), "blocks in their order")
        self.assertIn('href="https://example.com/C42"', body)
        self.assertNotIn("javascript", body)
        self.assertIsInstance(body, Markup)

    def test_preview_and_proof(self):
        preview = self.env["messaging.template.preview"].create(
            {"template_id": self.template.id, "res_id": self.customer.id}
        )
        self.assertEqual(preview.subject, "Welcome Amélie Poulain")
        self.assertIn("Hello Amélie Poulain", preview.body_html)
        self.assertIn("shop@example.com", preview.body_html, "shown inside the company layout")
        self.env.user.email = "me@example.com"
        preview.action_send_proof()
        proof = self.env["mail.mail"].search([("email_to", "ilike", "me@example.com")])
        self.assertEqual(proof.subject, "[Proof] Welcome Amélie Poulain")

    def test_preview_shows_errors_instead_of_failing(self):
        self.template.body_html = "<p>{{ 1 / 0 }}</p>"
        preview = self.env["messaging.template.preview"].create(
            {"template_id": self.template.id, "res_id": self.customer.id}
        )
        self.assertIn("division by zero", preview.error)
        with self.assertRaises(UserError):
            preview.action_send_proof()

    def test_duplicate_archive_and_counters(self):
        copy = self.template.copy()
        self.assertEqual(copy.name, "Welcome (copy)")
        self.assertEqual((copy.send_count, copy.last_sent_date), (0, False))
        self._composer(self.customer).write({"template_id": self.template.id})
        composer = self._composer(self.customer)
        composer.template_id = self.template
        composer.action_send()
        self.assertEqual(self.template.send_count, 1)
        self.assertTrue(self.template.last_sent_date)
        self.template.action_archive()
        self.assertNotIn(self.template, self.env["messaging.template"].search([]))
