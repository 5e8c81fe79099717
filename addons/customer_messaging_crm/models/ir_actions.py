from odoo import api, models


class IrActionsActions(models.Model):
    _inherit = "ir.actions.actions"

    @api.model
    def _messaging_replaced_actions(self):
        """A lead's Action menu offers the suite's *Email / SMS the Customer*, not also
        Odoo's own *Send email* and *Send SMS* (those of crm and crm_sms)."""
        result = super()._messaging_replaced_actions()
        result["crm.lead"] = (
            "crm.action_lead_mail_compose",
            "crm.action_lead_mass_mail",
            "crm_sms.crm_lead_act_window_sms_composer_multi",
            "crm_sms.crm_lead_act_window_sms_composer_single",
        )
        return result
