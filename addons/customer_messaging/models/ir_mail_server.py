import logging

from odoo import models

_logger = logging.getLogger(__name__)


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

    def send_email(self, message, *args, **kwargs):
        """An email of Odoo's mail queue the SMTP server already accepted (the worker
        sending it died before committing) is marked sent, not sent again; every email
        the server accepts is recorded at once (see ``messaging.smtp.delivery``)."""
        ledger = self.env["messaging.smtp.delivery"]
        delivered = self.env.context.get("messaging_delivered")
        key = ledger._key(message) if delivered is not None else None
        if key and key in delivered:
            _logger.info(
                "Email %s was accepted by the SMTP server before a crash: not sent again", message["Message-Id"]
            )
            return message["Message-Id"]
        result = super().send_email(message, *args, **kwargs)
        if key:
            ledger._record(key, message["Message-Id"])
        return result
