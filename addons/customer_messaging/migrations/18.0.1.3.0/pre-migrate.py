"""Upgrade to 18.0.1.3.0: what this module did with other apps moved to bridge modules
(customer_messaging_account, _sale, _crm, _repair; incident_notify for tickets). The
"Email / SMS the Customer" actions and the demo rules made before keep their records:
they change owner, so the bridges update them instead of making copies."""

from odoo import SUPERUSER_ID, api

from odoo.addons.customer_messaging.tools.bridges import drop_views, move_xmlids

MOVES = {
    ("customer_messaging", "customer_messaging_account"): [
        "cm_action_account_move_email",
        "cm_action_account_move_sms",
    ],
    ("customer_messaging", "customer_messaging_sale"): [
        "cm_action_sale_order_email",
        "cm_action_sale_order_sms",
        "messaging_template_demo_order_confirmed",
        "messaging_template_demo_order_delivery",
        "messaging_rule_demo_order_confirmed",
        "messaging_rule_demo_order_delivery",
    ],
    ("customer_messaging", "customer_messaging_crm"): [
        "cm_action_crm_lead_email",
        "cm_action_crm_lead_sms",
        "messaging_template_demo_lead_thanks",
        "messaging_template_demo_lead_won",
        "messaging_rule_demo_lead_created",
        "messaging_rule_demo_lead_won",
    ],
    ("customer_messaging", "customer_messaging_repair"): ["cm_action_repair_order_email", "cm_action_repair_order_sms"],
    ("customer_messaging", "incident_notify"): ["cm_action_helpdesk_ticket_email", "cm_action_helpdesk_ticket_sms"],
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    move_xmlids(env, MOVES)
    # the settings view shows the credit hold's days, whose field moved to the Invoicing
    # bridge: this module's data makes it again, without them
    drop_views(env, "customer_messaging", ["res_config_settings_view_form_interaction"])
