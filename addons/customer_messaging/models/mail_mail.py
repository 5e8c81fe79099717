from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        """Blind copy to the company's archive address for every email to a customer
        (a recipient who is not an employee)."""
        emails = super()._prepare_outgoing_list(mail_server, recipients_follower_status)
        message = self.mail_message_id.sudo()
        # recipients are in cache (just read above): the company is read only for customers
        if (
            message.cm_channel == "email"
            and any(partner.partner_share for partner in self.recipient_ids)
            and (archive := self.env["res.company"]._cm_archive_address(message.cm_company_id.id))
            and message.cm_direction == "out"
        ):
            for email in emails:
                email["headers"] = {**email["headers"], "Bcc": archive}
                # Odoo only lets addresses it validated reach SMTP: the archive is one
                email["email_to_normalized"] = [*email.get("email_to_normalized", []), archive]
        return emails
