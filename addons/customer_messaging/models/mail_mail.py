from odoo import models


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        """Blind copy to the company's archive address for every email to a customer."""
        emails = super()._prepare_outgoing_list(mail_server, recipients_follower_status)
        message = self.mail_message_id.sudo()
        if message.cm_customer_id and message.cm_direction == "out":
            archive = message.cm_company_id.cm_bcc_archive_email
            if archive:
                for email in emails:
                    email["headers"] = {**email["headers"], "Bcc": archive}
                    # Odoo only lets addresses it validated reach SMTP: the archive is one
                    email["email_to_normalized"] = [*email.get("email_to_normalized", []), archive]
        return emails
