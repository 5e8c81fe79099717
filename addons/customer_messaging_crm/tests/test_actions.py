from odoo.tests import tagged

from odoo.addons.customer_messaging.tests.common import MessagingCase


@tagged("post_install", "-at_install")
class TestLeadActions(MessagingCase):
    def _action_names(self, user):
        bindings = self.env["ir.actions.actions"].with_user(user).get_bindings("crm.lead")
        return {action["name"] for action in bindings.get("action", [])}

    def test_a_messaging_user_sees_the_suites_actions_and_not_odoos_own_besides(self):
        self.user.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        names = self._action_names(self.user)
        self.assertIn("Email the Customer", names)
        self.assertIn("SMS the Customer", names)
        for xmlid in ("crm.action_lead_mail_compose", "crm.action_lead_mass_mail"):
            self.assertNotIn(self.env.ref(xmlid).name, names, "one way to write to the lead's customer, not two")

    def test_a_salesperson_without_the_suite_keeps_odoos_own(self):
        salesman = self.env["res.users"].create(
            {
                "name": "Sam Sales",
                "login": "sam.sales.crm",
                "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
            }
        )
        self.assertIn(self.env.ref("crm.action_lead_mass_mail").name, self._action_names(salesman))
