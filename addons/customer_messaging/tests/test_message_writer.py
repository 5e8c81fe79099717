from unittest.mock import patch

from markupsafe import Markup

from odoo import fields
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MessagingCase

MESSAGE_FIELDS = [
    "author_id", "body", "messaging_channel", "messaging_company_id", "messaging_customer_id",
    "email_add_signature", "email_from",
    "message_type", "model", "record_company_id", "record_name", "reply_to", "res_id", "subject",
]  # fmt: skip
MAIL_FIELDS = ["auto_delete", "body_html", "headers", "is_notification", "state", "recipient_ids"]
NOTIFICATION_FIELDS = ["author_id", "is_read", "notification_status", "notification_type", "res_partner_id"]


@tagged("post_install", "-at_install")
class TestMessageWriter(MessagingCase):
    """The suite writes bulk and automatic emails in four statements; they must be the
    rows the ORM writes for the same email, and Odoo must see every statement."""

    def _values(self, partner):
        return {
            "model": "res.partner",
            "res_id": partner.id,
            "subject": "Your invoice",
            "body": Markup("<p>Hello Amélie</p>"),
            "body_html": "<div><p>Hello Amélie</p></div>",
            "reply_to": "shop@example.com",
            "headers": None,
            "partner_id": partner.id,
            "customer_id": partner.commercial_partner_id.id,
        }

    def _fast(self, values_list):
        return self.env["messaging.service"]._insert_emails(
            values_list,
            company=self.company,
            email_from=self.company.email_formatted,
            author_id=self.env.user.partner_id.id,
            sanitize=False,
        )

    def _orm(self, values):
        message = self.env["mail.message"].create(
            {
                "author_id": self.env.user.partner_id.id,
                "body": values["body"],
                "email_from": self.company.email_formatted,
                "message_type": "email_outgoing",
                "model": values["model"],
                "res_id": values["res_id"],
                "record_name": self.customer.display_name,
                "record_company_id": self.company.id,
                "messaging_company_id": self.company.id,
                "reply_to": values["reply_to"],
                "subject": values["subject"],
            }
        )
        mail = self.env["mail.mail"].create(
            {
                "mail_message_id": message.id,
                "body_html": values["body_html"],
                "recipient_ids": [(6, 0, [values["partner_id"]])],
                "auto_delete": True,
                "is_notification": True,
                "state": "outgoing",
            }
        )
        self.env["mail.notification"].create(
            {
                "author_id": self.env.user.partner_id.id,
                "mail_message_id": message.id,
                "mail_mail_id": mail.id,
                "res_partner_id": values["partner_id"],
                "notification_type": "email",
                "notification_status": "ready",
                "is_read": True,
                "read_date": fields.Datetime.now(),
            }
        )
        return message

    def _rows(self, message):
        mail = self.env["mail.mail"].search([("mail_message_id", "=", message.id)])
        return (
            message.read(MESSAGE_FIELDS)[0] | {"id": None},
            mail.read(MAIL_FIELDS)[0] | {"id": None},
            message.notification_ids.read(NOTIFICATION_FIELDS)[0] | {"id": None},
        )

    def test_the_fast_path_writes_what_the_orm_writes(self):
        [fast_id] = self._fast([self._values(self.customer)])
        fast = self.env["mail.message"].browse(fast_id)
        orm = self._orm(self._values(self.customer))
        for written_fast, written_orm in zip(self._rows(fast), self._rows(orm), strict=True):
            self.assertEqual(written_fast, written_orm)
        self.assertNotEqual(fast.message_id, orm.message_id, "each email has its own Message-Id")
        # both are in the customer's history (the same indexing columns)
        self.assertIn(fast, self.customer.messaging_email_history_ids)
        self.assertIn(orm, self.customer.messaging_email_history_ids)

    def _statements(self, values_list):
        """The statements Odoo's cursor ran while writing ``values_list``."""
        self.env.invalidate_all()
        cr = self.env.cr
        seen = []
        execute = cr.execute

        def spy(query, params=None, log_exceptions=True):
            seen.append(query.code if isinstance(query, SQL) else query)
            return execute(query, params, log_exceptions)

        before = cr.sql_log_count
        with patch.object(cr, "execute", spy):
            self._fast(values_list)
        self.assertEqual(cr.sql_log_count - before, len(seen), "Odoo counted every statement")
        return seen

    def test_every_statement_is_counted_and_their_number_does_not_grow_with_the_emails(self):
        fifty = self.env["res.partner"].create(
            [{"name": f"Customer {i}", "email": f"c{i}@example.com"} for i in range(50)]
        )
        self._statements([self._values(self.customer)])  # warm-up: the cron record, caches
        one = self._statements([self._values(self.customer)])
        many = self._statements([self._values(partner) for partner in fifty])
        self.assertEqual(len(one), len(many), "as many statements for fifty emails as for one")
        inserts = [query.split("(")[0].split()[-1].strip('"') for query in many if query.lstrip().startswith("INSERT")]
        # through Odoo's cursor, not behind its back: Odoo's query counter sees them
        # (then the mail queue's trigger: it runs once this transaction commits)
        self.assertEqual(
            inserts, ["mail_message", "mail_mail", "mail_mail_res_partner_rel", "mail_notification", "ir_cron_trigger"]
        )
