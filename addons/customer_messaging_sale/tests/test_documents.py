from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase


@tagged("post_install", "-at_install")
class TestDocuments(MessagingCase):
    """From a sale order to its customer."""

    def _run_action(self, xmlid, record):
        action = self.env.ref(xmlid)
        result = action.with_context(active_model=record._name, active_ids=record.ids, active_id=record.id).run()
        return self.env["messaging.composer"].with_context(**result["context"]).create({})

    def test_sms_the_customer_of_a_sale_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [(0, 0, {"product_id": self.env["product.product"].create({"name": "Tyre"}).id})],
            }
        )
        composer = self._run_action("customer_messaging_sale.cm_action_sale_order_sms", order)
        composer.sms_body = "Your order @DOCUMENTREF@ is ready."
        composer.action_send()
        self._run_sms_queue()
        self.assertEqual([m.body for m in self._sandbox_messages()], [f"Your order {order.name} is ready."])
        self.assertEqual(self.customer.messaging_sms_history_ids.model, "sale.order")

    def test_orders_offer_both_actions_to_messaging_users(self):
        """This bridge gives sale orders their Action menu entries (email and SMS)."""
        group = self.env.ref("customer_messaging.group_messaging_user")
        for channel in ("email", "sms"):
            action = self.env.ref(f"customer_messaging_sale.cm_action_sale_order_{channel}")
            self.assertEqual(action.binding_model_id.model, "sale.order")
            self.assertEqual(action.groups_id, group)
