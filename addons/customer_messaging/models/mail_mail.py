import time

from odoo import api, fields, models

from ..tools.cron_budget import call_deadline


class MailMail(models.Model):
    _inherit = "mail.mail"

    def _prepare_outgoing_list(self, mail_server=False, recipients_follower_status=None):
        """Blind copy to the company's archive address for every email to a customer
        (a recipient who is not an employee)."""
        emails = super()._prepare_outgoing_list(mail_server, recipients_follower_status)
        message = self.mail_message_id.sudo()
        # recipients are in cache (just read above): the company is read only for customers
        if (
            message.messaging_channel == "email"
            and any(partner.partner_share for partner in self.recipient_ids)
            and (archive := self.env["res.company"]._messaging_archive_address(message.messaging_company_id.id))
            and message.messaging_direction == "out"
        ):
            for email in emails:
                email["headers"] = {**email["headers"], "Bcc": archive}
                # Odoo only lets addresses it validated reach SMTP: the archive is one
                email["email_to_normalized"] = [*email.get("email_to_normalized", []), archive]
        return emails

    def _send(self, auto_commit=False, **kwargs):
        """Odoo's mail queue (``auto_commit``: a commit after each email, as its cron
        sends) records each email the moment the SMTP server accepts it, and does not
        hand over again those a crashed run already did (``messaging.smtp.delivery``):
        the queue is where thousands of emails leave and where workers get killed.
        A send without ``auto_commit`` (one email sent right after *Send*, Odoo's
        sends inside a transaction) is left as Odoo does it: two queries more per
        email there would change Odoo's own query counts, for a window of a few
        milliseconds per email."""
        if not auto_commit:
            return super()._send(auto_commit=auto_commit, **kwargs)
        delivered = self.env["messaging.smtp.delivery"]._delivered_keys(
            [message_id.strip() for message_id in self.mapped("message_id") if message_id]
        )
        return super(MailMail, self.with_context(messaging_delivered=delivered))._send(
            auto_commit=auto_commit, **kwargs
        )

    @api.model
    def process_email_queue(self, ids=None, batch_size=1000):
        """Odoo's mail queue, run by its cron, in runs that end well inside the cron
        watchdog's limit (``limit_time_real_cron``).

        Odoo's cron calls this up to 10 times a run, each sending up to a batch (1,000)
        and committing after each email: a run of thousands of emails outlasts the
        watchdog, which kills the worker mid-send, and the email in flight leaves twice.
        Here each call sends chunks until its time budget is spent, then reports what is
        left, so Odoo runs the job again at once instead of being killed."""
        if ids or not self.env.context.get("cron_id"):
            result = super().process_email_queue(ids=ids, batch_size=batch_size)
        else:
            params = self.env["ir.config_parameter"].sudo()
            # small budgets per call and per run, shared with the outbox and the SMS
            # queue (see tools/cron_budget.py)
            seconds = float(params.get_param("customer_messaging.mail_queue_call_seconds", 2.0))
            per_run = float(params.get_param("customer_messaging.mail_queue_run_seconds", 10.0))
            chunk = int(params.get_param("customer_messaging.mail_queue_chunk", 50))
            deadline = call_deadline(self.env.cr, "mail_queue", seconds, per_run)
            self.env["messaging.smtp.delivery"]._purge()
            result = None
            if deadline is None and self._messaging_queue_left():
                # this run's budget is spent: say work is left (Odoo then keeps the job
                # ready for the next run) without doing any
                self.env["ir.cron"]._notify_progress(done=1, remaining=1)
            while deadline is not None:
                result = super().process_email_queue(batch_size=chunk)
                if not self._messaging_queue_left():
                    break
                if time.monotonic() >= deadline:
                    # the rest right after this run, by whichever cron worker is free:
                    # Odoo leaves a partly done job for the workers' next wake-up (a minute)
                    self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
                    break
        # bulk sends are finished when their emails left, not when they were written
        self.env["messaging.bulk"]._refresh_running()
        return result

    @api.model
    def _messaging_queue_left(self):
        return bool(
            self.search_count(
                [
                    ("state", "=", "outgoing"),
                    "|",
                    ("scheduled_date", "=", False),
                    ("scheduled_date", "<=", fields.Datetime.now()),
                ],
                limit=1,
            )
        )
