from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _messaging_is_template_designer(self):
        """Whether this user may write template code (Jinja2): Odoo's template editors
        and the superuser, as Odoo keeps code in its own templates to them."""
        self.ensure_one()
        return self._is_superuser() or self.has_group("mail.group_mail_template_editor")
