from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    """The demo shows each design, default templates, and customers with and without consent."""

    def test_demo_templates_render_for_demo_customers(self):
        amelie = self.env.ref("customer_messaging.res_partner_demo_amelie")
        company = self.env.ref("base.main_company")
        self.assertEqual(
            company.messaging_default_email_template_id,
            self.env.ref("customer_messaging.messaging_template_demo_welcome"),
        )
        self.assertEqual(
            company.messaging_default_sms_template_id, self.env.ref("customer_messaging.messaging_template_demo_sms")
        )
        for xmlid, expected in (
            ("messaging_template_demo_welcome", "Hello Amélie Poulain"),
            ("messaging_template_demo_newsletter", "Spring is here, Amélie Poulain!"),
            ("messaging_template_demo_blocks", "See you soon, Amélie Poulain"),
            ("messaging_template_demo_sms", "Hello Amélie Poulain, your order is ready"),
        ):
            with self.subTest(template=xmlid):
                template = self.env.ref(f"customer_messaging.{xmlid}")
                __, body = template._messaging_render(amelie, amelie)[0]
                self.assertIn(expected, body)
        self.assertEqual(
            self.env["res.partner"]
            .browse(
                [
                    self.env.ref(f"customer_messaging.res_partner_demo_{name}").id
                    for name in ("amelie", "lucas", "wrong_number")
                ]
            )
            .mapped(lambda p: (p.messaging_accepts_email, p.messaging_accepts_sms)),
            [(True, True), (True, False), (False, False)],
        )
