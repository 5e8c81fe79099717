from odoo import api, fields, models
from odoo.exceptions import UserError


class MessagingRuleEdit(models.TransientModel):
    """Change the channel and template of several notification rules at once."""

    _name = "messaging.rule.edit"
    _description = "Change the Template or Channel of Notification Rules"

    rule_ids = fields.Many2many("messaging.rule", default=lambda self: self._default_rule_ids())
    rule_count = fields.Integer(compute="_compute_rule_count")
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="sms")
    template_id = fields.Many2one("messaging.template", required=True, domain="[('channel', '=', channel)]")

    def _default_rule_ids(self):
        if self.env.context.get("active_model") == "messaging.rule":
            return [fields.Command.set(self.env.context.get("active_ids") or [])]
        return []

    @api.depends("rule_ids")
    def _compute_rule_count(self):
        for wizard in self:
            wizard.rule_count = len(wizard.rule_ids)

    @api.onchange("channel")
    def _onchange_channel(self):
        if self.template_id.channel != self.channel:
            self.template_id = False

    def action_apply(self):
        self.ensure_one()
        if not self.rule_ids:
            raise UserError(self.env._("Select the rules to change first."))
        models_of_template = self.template_id.model
        if models_of_template not in (False, "res.partner") and set(self.rule_ids.mapped("model")) != {
            models_of_template
        }:
            raise UserError(
                self.env._(
                    "The template “%(template)s” is made for %(model)s documents; "
                    "some selected rules are about others.",
                    template=self.template_id.name,
                    model=self.template_id.model_id.name,
                )
            )
        self.rule_ids.write({"channel": self.channel, "template_id": self.template_id.id})
        return {"type": "ir.actions.act_window_close"}
