from odoo import api, models

#: Odoo's own "write to these contacts" actions that the suite's replace in a contact's
#: Action menu, for the people who use the suite (others keep Odoo's)
REPLACED_PARTNER_ACTIONS = (
    "mail.action_partner_mass_mail",
    "sms.res_partner_act_window_sms_composer_multi",
    "sms.res_partner_act_window_sms_composer_single",
)


class IrActionsActions(models.Model):
    _inherit = "ir.actions.actions"

    @api.model
    def get_bindings(self, model_name):
        result = super().get_bindings(model_name)
        if model_name != "res.partner" or not self.env.user.has_group("customer_messaging.group_messaging_user"):
            return result
        replaced = {
            action.id
            for action in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in REPLACED_PARTNER_ACTIONS)
            if action
        }
        return {
            binding: kept
            for binding, actions in result.items()
            if (kept := [action for action in actions if action["id"] not in replaced])
        }
