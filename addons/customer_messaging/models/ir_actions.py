from odoo import api, models


class IrActionsActions(models.Model):
    _inherit = "ir.actions.actions"

    @api.model
    def _messaging_replaced_actions(self):
        """``{model: (xmlid, ...)}``: Odoo's own "write to these customers" actions that
        the suite's replace in that model's Action menu, for the people who use the suite
        (others keep Odoo's). Bridge modules add their app's (call ``super()``)."""
        return {
            "res.partner": (
                "mail.action_partner_mass_mail",
                "sms.res_partner_act_window_sms_composer_multi",
                "sms.res_partner_act_window_sms_composer_single",
            )
        }

    @api.model
    def get_bindings(self, model_name):
        result = super().get_bindings(model_name)
        xmlids = self._messaging_replaced_actions().get(model_name)
        if not xmlids or not self.env.user.has_group("customer_messaging.group_messaging_user"):
            return result
        replaced = {
            action.id for action in (self.env.ref(xmlid, raise_if_not_found=False) for xmlid in xmlids) if action
        }
        return {
            binding: kept
            for binding, actions in result.items()
            if (kept := [action for action in actions if action["id"] not in replaced])
        }
