from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestRuleTours(HttpCase):
    """Notification rules as an administrator sets them up ."""

    def setUp(self):
        super().setUp()
        self.env["messaging.rule"].search([]).active = False  # demo rules
        self.template = self.env["messaging.template"].create(
            {"name": "Tour confirmed", "channel": "sms", "body_text": "Hello @CUSTOMERNAME@, confirmed."}
        )

    def test_set_up_a_rule_from_settings(self):
        self.start_tour("/odoo/settings", "customer_messaging_notification_rule", login="admin")
        rule = self.env["messaging.rule"].search([("template_id", "=", self.template.id)])
        self.assertEqual((rule.model, rule.trigger, rule.channel), ("sale.order", "status_to", "sms"))
        self.assertEqual(rule._status_value(), "sale")
        self.assertIn("→ SMS", rule.name, "the rule is named after what it does")

    def test_planned_notification_in_the_chatter(self):
        self.env["messaging.rule"].create(
            {
                "name": "Tour rule",
                "model_id": self.env["ir.model"]._get("sale.order").id,
                "trigger": "status_to",
                "status_selection_id": self.env["ir.model.fields.selection"]
                .search(
                    [("field_id.model", "=", "sale.order"), ("field_id.name", "=", "state"), ("value", "=", "sale")]
                )
                .id,
                "channel": "sms",
                "template_id": self.template.id,
                "delay": True,
                "amount": 2,
                "unit": "hours",
            }
        )
        customer = self.env["res.partner"].create({"name": "Tour buyer", "mobile": "+33 6 12 34 56 78"})
        order = self.env["sale.order"].create({"partner_id": customer.id})
        self.start_tour(
            f"/odoo/action-sale.action_orders/{order.id}", "customer_messaging_notification_chatter", login="admin"
        )
        row = self.env["messaging.outbox"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(row.state, "cancelled")
