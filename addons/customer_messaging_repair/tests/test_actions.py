from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase


@tagged("post_install", "-at_install")
class TestRepairActions(MessagingCase):
    def test_a_repair_order_writes_to_its_customer(self):
        """*Email the Customer* on a repair order opens the composer on its customer,
        about the repair, for Messaging users only."""
        action = self.env.ref("customer_messaging_repair.cm_action_repair_order_email")
        self.assertEqual(action.binding_model_id.model, "repair.order")
        self.assertEqual(action.groups_id, self.env.ref("customer_messaging.group_messaging_user"))
        product = self.env["product.product"].create({"name": "Coffee machine", "type": "consu"})
        repair = self.env["repair.order"].create({"partner_id": self.customer.id, "product_id": product.id})
        result = action.with_context(active_model="repair.order", active_ids=repair.ids, active_id=repair.id).run()
        composer = self.env["messaging.composer"].with_context(**result["context"]).create({})
        self.assertEqual(composer.partner_ids, self.customer)
        self.assertEqual((composer.res_model, composer.res_id), ("repair.order", repair.id))
