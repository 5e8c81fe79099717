from odoo import models


class IrMailServer(models.Model):
    _inherit = "ir.mail_server"

    def build_email(self, *args, **kwargs):
        """Keep ``List-Unsubscribe`` readable by mail programs.

        Python folds header lines longer than 78 characters, and a URL has nowhere
        to fold, so it would be sent as an RFC 2047 encoded word, which Gmail and
        others do not read as an unsubscribe link. Lines up to 998 characters are
        valid (RFC 5322), so these messages are written with that limit."""
        message = super().build_email(*args, **kwargs)
        if message["List-Unsubscribe"]:
            message.policy = message.policy.clone(max_line_length=998)
        return message
