import hashlib
import logging
import threading

from odoo import api, fields, models
from odoo.tools import SQL

_logger = logging.getLogger(__name__)


class MessagingSmtpDelivery(models.Model):
    """Emails the SMTP server has accepted, written the moment it says so.

    Odoo marks an email sent in the transaction that sends it, and commits that
    transaction a few statements after the SMTP server's answer (the email's state,
    its notifications, its deletion). A cron worker killed in between (the
    watchdog, the OOM killer, a deploy) leaves the email *outgoing*, and the next run
    sends it again. This ledger is committed on a cursor of its own right after the
    server's answer, so the window is one ``INSERT``; the next run finds the email
    here and marks it sent without handing it to the SMTP server a second time.

    The key is a hash of the Message-Id and the recipients (one ``mail.mail`` sends
    one email per recipient, all with the same Message-Id)."""

    _name = "messaging.smtp.delivery"
    _description = "Email Accepted by the SMTP Server"
    _log_access = False
    _order = "id desc"

    key = fields.Char(required=True, readonly=True)
    message_id = fields.Char("Message-Id", required=True, readonly=True, index=True)
    delivered_at = fields.Datetime(required=True, readonly=True, index=True, default=fields.Datetime.now)

    _sql_constraints = [("key_unique", "UNIQUE(key)", "An email is recorded once.")]

    # kept long enough for any crashed run to be picked up again
    _KEEP_DAYS = 7

    @api.model
    def _key(self, message) -> str | None:
        message_id = message["Message-Id"]
        if not message_id:
            return None
        recipients = sorted(str(message[header] or "") for header in ("To", "Cc", "Bcc"))
        return hashlib.sha256("\n".join([message_id.strip(), *recipients]).encode()).hexdigest()

    @api.model
    def _delivered_keys(self, message_ids) -> frozenset:
        """The keys recorded for these Message-Ids (one query for a batch of emails)."""
        message_ids = [message_id for message_id in message_ids if message_id]
        if not message_ids:
            return frozenset()
        self.env.cr.execute(SQL("SELECT key FROM messaging_smtp_delivery WHERE message_id = ANY(%s)", message_ids))
        return frozenset(key for (key,) in self.env.cr.fetchall())

    @api.model
    def _record(self, key: str, message_id: str) -> None:
        """Write ``key`` and commit it at once, outside the sending transaction."""
        query = SQL(
            "INSERT INTO messaging_smtp_delivery (key, message_id, delivered_at)"
            " VALUES (%s, %s, now() AT TIME ZONE 'UTC') ON CONFLICT (key) DO NOTHING",
            key,
            message_id.strip(),
        )
        if getattr(threading.current_thread(), "testing", False) or self.env.registry.in_test_mode():
            # a test's transaction is never committed: the ledger lives in it
            self.env.cr.execute(query)
            return
        try:
            with self.env.registry.cursor() as cr:
                cr.execute(query)
        except Exception:
            _logger.exception("Could not record the delivery of %s; a crash now could send it twice", key)

    @api.model
    def _purge(self) -> None:
        self.env.cr.execute(
            SQL(
                "DELETE FROM messaging_smtp_delivery WHERE delivered_at < (now() AT TIME ZONE 'UTC') - %s::interval",
                f"{self._KEEP_DAYS} days",
            )
        )
