import datetime as dt
import hmac
import logging
import secrets
import threading
import time

from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api, fields, models
from odoo.modules.registry import Registry
from odoo.tools import SQL

from ..tools.cron_budget import call_deadline
from ..tools.sql_insert import insert_rows

_logger = logging.getLogger(__name__)

SKIP_REASONS = [
    ("no_email", "No email address"),
    ("invalid_email", "Invalid email address"),
    ("no_mobile", "No mobile number"),
    ("invalid_phone", "Invalid or not a mobile number"),
    ("no_consent", "No consent (marketing messages need it)"),
    ("no_service_consent", "No consent (company policy: service messages only to customers who accepted)"),
    ("opted_out", "Opted out of this channel"),
    ("blacklisted", "Opted out (blacklist)"),
    ("quota", "Over the sending limit"),
    ("customer_cap", "Over the customer's weekly cap"),
    ("document_gone", "Document deleted"),
    ("not_relevant", "No longer relevant"),
    ("render_error", "Template error"),
    ("working_hours", "Outside working hours (waiting)"),
    ("sms_hours", "Outside SMS sending hours (waiting)"),
    ("error", "Error"),
    ("sending", "Being delivered"),
    ("sent_failed", "Refused by the mail server or the SMS provider"),
]


#: seconds of batches per cron call and per cron run (see ``tools/cron_budget.py``)
OUTBOX_CALL_SECONDS = 2.0
OUTBOX_RUN_SECONDS = 8.0


class MessagingOutbox(models.Model):
    """One row per message to send later: (source, event, document, recipient,
    channel, occurrence).

    The outbox owns its rows; features only call its API:

    - :meth:`_enqueue` inserts rows (``source``, ``event``, ``occurrence`` say which
      feature planned the message, for what and which time); their unique
      ``dedupe_key`` is built here from those columns, and rows are inserted with
      ``ON CONFLICT DO NOTHING``, so planning the same message twice adds nothing;
    - :meth:`_claim` takes due rows with ``FOR UPDATE SKIP LOCKED``; the dispatcher
      checks them again, posts them and marks them (:meth:`_mark`, :meth:`_mark_done`,
      :meth:`_plan_again`) in the same transaction: a crash rolls back both the post
      and the mark, so the row is sent once when the dispatcher runs again
      (ARCHITECTURE §3);
    - once a batch is delivered, each document model hears of its rows through
      ``_messaging_after_delivery`` (reminders count what was sent, tickets note what
      was not).

    No other code writes this table."""

    _name = "messaging.outbox"
    _description = "Customer Message Outbox"
    _order = "planned_at desc, id desc"
    _rec_name = "partner_id"

    dedupe_key = fields.Char(required=True, readonly=True, index=False)
    source = fields.Selection(
        [("bulk", "Bulk send"), ("rule", "Notification rule"), ("interaction", "Published interaction")],
        required=True,
        readonly=True,
        help="The feature that planned the message; modules add theirs (payment reminders, ticket notices...).",
    )
    event = fields.Char(
        readonly=True, help="What the message is about, for its feature: a bulk, a rule, a ticket event..."
    )
    occurrence = fields.Char(
        readonly=True,
        help="Which time the event happened (a status reached and when, a reminder's date); "
        "empty for an event that happens once.",
    )
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, readonly=True)
    kind = fields.Selection(
        [("marketing", "Marketing"), ("transactional", "Transactional")],
        required=True,
        readonly=True,
        help="Marketing: bulk sends, with an unsubscribe link. Transactional: about the customer's own document.",
    )
    template_id = fields.Many2one("messaging.template", readonly=True, ondelete="set null")
    bulk_id = fields.Many2one("messaging.bulk", readonly=True, ondelete="cascade", index="btree_not_null")
    model = fields.Char(required=True, readonly=True)
    res_id = fields.Many2oneReference(model_field="model", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", string="Recipient", required=True, readonly=True, ondelete="cascade")
    planned_at = fields.Datetime(required=True, readonly=True, default=fields.Datetime.now)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Sent"),
            ("skipped", "Skipped"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        required=True,
        default="pending",
        readonly=True,
    )
    reason = fields.Selection(SKIP_REASONS, readonly=True)
    error = fields.Char(readonly=True)
    message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")
    sent_at = fields.Datetime(readonly=True)
    token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    rule_id = fields.Many2one(
        "messaging.rule", string="Notification Rule", readonly=True, ondelete="set null", index="btree_not_null"
    )
    expected = fields.Char(
        readonly=True,
        help="What the document looked like when the rule fired (its status, its date): "
        "the message leaves only if it still does.",
    )
    capped = fields.Boolean(
        string="Counts in the Weekly Cap",
        readonly=True,
        help="A marketing or automatic message: it counts in the company's cap of messages per customer per week.",
    )
    document_name = fields.Char(compute="_compute_document_name", string="Document")

    _sql_constraints = [("dedupe_key_unique", "UNIQUE(dedupe_key)", "This message is already in the outbox.")]

    def _compute_document_name(self):
        for row in self:
            record = self.env[row.model].browse(row.res_id) if row.model in self.env else None
            row.document_name = record.sudo().exists().display_name if record else False

    def init(self):
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS messaging_outbox_due_idx ON messaging_outbox (planned_at, id) "
                "WHERE state = 'pending'"
            )
        )
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS messaging_outbox_token_idx ON messaging_outbox (token) "
                "WHERE token IS NOT NULL"
            )
        )
        # what a customer received this week that counts in the company's cap
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS messaging_outbox_cap_idx ON messaging_outbox (partner_id, sent_at) "
                "WHERE state = 'done' AND capped"
            )
        )
        # the messages of one document (chatter panel, reminders moved, ticket notices)
        self.env.cr.execute(SQL("DROP INDEX IF EXISTS messaging_outbox_document_idx"))  # partial, rule rows only
        self.env.cr.execute(
            SQL("CREATE INDEX IF NOT EXISTS messaging_outbox_model_res_idx ON messaging_outbox (model, res_id)")
        )

    @api.model
    def _dedupe_key(self, row):
        """The one message ``row`` stands for: planned twice, it is still one message.

        A row that says which ``document_event`` it announces (``"created"``,
        ``"closed:<when>"``: ``_messaging_document_event``) stands for the one message
        the customer gets about that event of that document, whichever feature plans
        it (a notification rule, the ticket notices) and on whichever channel: the
        first one planned is sent, the others are left out."""
        if row.get("document_event"):
            return f"event:{row['model']}:{row['res_id']}:{row['partner_id']}:{row['document_event']}"
        parts = (
            row["source"],
            row.get("event"),
            row["model"],
            row["res_id"],
            row["partner_id"],
            row["channel"],
            row.get("occurrence"),
        )
        return ":".join("" if part is None or part is False else str(part) for part in parts)

    @api.model
    def _enqueue(self, rows, revive=False):
        """Insert outbox rows (dicts of column values); returns the ids actually added.

        Each row says ``source`` (the planning feature), and where it applies
        ``event`` and ``occurrence``, and ``capped`` when it counts in the company's
        weekly cap per customer (marketing rows always do); a row standing for a message already there is
        left alone; with ``revive``, one that was cancelled is planned again (a
        reminder whose date moved away and back), never one already sent.
        """
        if not rows:
            return []
        now = fields.Datetime.now()
        columns = [
            "dedupe_key", "source", "event", "occurrence", "company_id", "channel", "kind", "template_id",
            "bulk_id", "model", "res_id", "partner_id", "planned_at", "state", "token", "rule_id", "expected", "capped",
            "create_uid", "write_uid", "create_date", "write_date",
        ]  # fmt: skip
        conflict = (
            SQL(
                "ON CONFLICT (dedupe_key) DO UPDATE SET state = 'pending', planned_at = EXCLUDED.planned_at,"
                " reason = NULL, error = NULL, write_date = EXCLUDED.write_date"
                " WHERE messaging_outbox.state = 'cancelled'"
            )
            if revive
            else SQL("ON CONFLICT (dedupe_key) DO NOTHING")
        )
        ids = insert_rows(
            self.env.cr,
            "messaging_outbox",
            columns,
            [
                (
                    self._dedupe_key(row),
                    row["source"],
                    row.get("event"),
                    row.get("occurrence"),
                    row["company_id"],
                    row["channel"],
                    row.get("kind", "transactional"),
                    row.get("template_id"),
                    row.get("bulk_id"),
                    row["model"],
                    row["res_id"],
                    row["partner_id"],
                    row.get("planned_at") or now,
                    "pending",
                    secrets.token_urlsafe(24) if row.get("kind") == "marketing" and row["channel"] == "email" else None,
                    row.get("rule_id"),
                    row.get("expected"),
                    # marketing counts in the weekly cap; features say which of theirs do too
                    row.get("capped", row.get("kind") == "marketing"),
                    self.env.uid,
                    self.env.uid,
                    now,
                    now,
                )
                for row in rows
            ],
            suffix=conflict,
        )
        # rows written in SQL: what the ORM cached about outboxes (a bulk's rows...) is stale
        self.env["messaging.bulk"].invalidate_model(["outbox_ids"])
        if revive:
            self.invalidate_model(["state", "planned_at", "reason", "error"])
        return ids

    @api.model
    def _wake_after_commit(self, at):
        """Run the outbox cron at ``at`` rather than at its next 5-minute tick, asked
        once the user's transaction has committed: the write that queued a message
        pays no query for it (ir.cron._trigger runs in its own cursor then)."""
        wake = self.env.cr.postcommit.data.setdefault("customer_messaging_wake", {})
        if "at" in wake:
            wake["at"] = min(wake["at"], at)
            return
        wake["at"] = at
        dbname = self.env.cr.dbname

        def trigger():
            with Registry(dbname).cursor() as cr:
                env = api.Environment(cr, SUPERUSER_ID, {})
                cron = env.ref("customer_messaging.ir_cron_messaging_outbox", raise_if_not_found=False)
                if cron:
                    cron._trigger(at=wake["at"])

        self.env.cr.postcommit.add(trigger)

    # --- dispatcher ---------------------------------------------------------------------
    @api.model
    def _claim(self, limit=None, ids=None):
        """Due rows (or the pending ones of ``ids``, due or not), locked for this
        transaction; rows another worker holds are skipped."""
        where = (
            SQL("state = 'pending' AND id = ANY(%s)", list(ids))
            if ids is not None
            else SQL("state = 'pending' AND planned_at <= %s", fields.Datetime.now())
        )
        self.env.cr.execute(
            SQL(
                "SELECT id FROM messaging_outbox WHERE %s ORDER BY planned_at, id %s FOR UPDATE SKIP LOCKED",
                where,
                SQL("LIMIT %s", limit) if limit else SQL(),
            )
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _send_now(self, ids):
        """Deliver the rows ``ids`` now, in this transaction, with the dispatcher's
        checks (a user's *Send now*); rows another worker holds are left to it."""
        self.env.flush_all()
        rows = self._claim(ids=ids)
        if rows:
            self.env["messaging.service"]._deliver(rows)
        return rows

    @api.model
    def _dispatch(self, batch_size=None, max_batches=None, auto_commit=True, max_seconds=None):
        """Send due rows in batches, one transaction (and commit) per batch.

        Stops when nothing is due, after ``max_batches`` batches or once
        ``max_seconds`` have passed (at the end of a batch). Returns the number of
        rows handled. Safe to run in several workers at once.
        """
        deadline = time.monotonic() + max_seconds if max_seconds is not None else None
        batch_size = batch_size or int(
            self.env["ir.config_parameter"].sudo().get_param("customer_messaging.outbox_batch_size", 200)
        )
        handled = batches = conflicts = 0
        while max_batches is None or batches < max_batches:
            try:
                rows = self._claim(batch_size)
                if not rows:
                    break
                self.env["messaging.service"]._deliver(rows)
                handled += len(rows)
                batches += 1
                if deadline is not None and time.monotonic() >= deadline:
                    max_batches = batches  # this batch is the last one of this run
                if auto_commit:
                    # one transaction per batch is the outbox's guarantee (ARCHITECTURE §3)
                    self.env.cr.commit()  # pylint: disable=invalid-commit
                    self.env.invalidate_all()
                else:
                    self.env.flush_all()
                    self.env.invalidate_all()  # the cache stays bounded by one batch either way
            except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable, pg_errors.DeadlockDetected):
                # another worker changed a row (or a counter) we meant to use: start the batch again
                if not auto_commit:
                    raise
                self.env.cr.rollback()
                self.env.invalidate_all()
                conflicts += 1
                if conflicts > 20:
                    _logger.info("outbox: too many conflicts, leaving the rest to the next run")
                    break
        return handled

    @api.model
    def _cron_dispatch(self):
        """The cron: a couple of seconds of batches, then it tells Odoo how many rows
        are still due, and Odoo runs it again at once (Odoo 18 batch crons), eight
        seconds a run at most; then it is triggered again, for a new run.

        Budget: one cron worker runs every ready job in turn (the outbox, then the mail
        and SMS queues, each with its own budget) before the watchdog
        (limit_time_real_cron, 120 s, counted from before the worker's sleep of up to a
        minute) checks it: the three together stay under about 35 s."""
        params = self.env["ir.config_parameter"].sudo()
        seconds = float(params.get_param("customer_messaging.outbox_cron_seconds", OUTBOX_CALL_SECONDS))
        per_run = float(params.get_param("customer_messaging.outbox_run_seconds", OUTBOX_RUN_SECONDS))
        auto_commit = not getattr(threading.current_thread(), "testing", False)  # as Odoo's own queues
        deadline = call_deadline(self.env.cr, "outbox", seconds, per_run)
        handled = 0
        if deadline is not None:
            handled = self._dispatch(max_seconds=max(0.0, deadline - time.monotonic()), auto_commit=auto_commit)
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM messaging_outbox WHERE state = 'pending' AND planned_at <= %s",
                fields.Datetime.now(),
            )
        )
        remaining = self.env.cr.fetchone()[0]
        # a spent run handled nothing: still say so with work left, or Odoo would take the
        # job for finished and put it off by its interval
        self.env["ir.cron"]._notify_progress(done=handled or (1 if remaining else 0), remaining=remaining)
        if remaining:
            # the rest right after this run, by whichever cron worker is free: Odoo leaves
            # a partly done job for the workers' next wake-up (up to a minute)
            self.env.ref("customer_messaging.ir_cron_messaging_outbox").sudo()._trigger()
        self._wake_queues()

    @api.model
    def _wake_queues(self):
        """Odoo's mail and SMS queues are woken when they hold due messages: a queue
        whose worker was killed three times in a row is otherwise left to its next
        hourly run. Two cheap queries, at most every few minutes (this cron's period)."""
        if self.env["mail.mail"].sudo()._messaging_queue_left():
            self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()
        self.env.cr.execute(SQL("SELECT 1 FROM sms_sms WHERE state = 'outgoing' LIMIT 1"))
        if self.env.cr.fetchone():
            self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger()

    def _sender(self):
        """The person who planned these rows (who clicked *Send*, changed the
        document...): they sign the messages; a job's own user when none did."""
        users = self.create_uid.filtered(lambda user: not user._is_public() and user._is_internal())
        return users[:1] or self.env.user

    def _mark(self, state, reason=None, error=None, **extra):
        """Set these rows' outcome (``state``, ``reason``, ``error`` and ``extra`` columns)."""
        if not self:
            return
        values = {"state": state, "reason": reason, "error": error, **extra}
        self.env.cr.execute(
            SQL(
                "UPDATE messaging_outbox SET %s, write_date = now() AT TIME ZONE 'UTC' WHERE id = ANY(%s)",
                SQL(", ").join(SQL("%s = %s", SQL.identifier(key), value) for key, value in values.items()),
                self.ids,
            )
        )
        self.invalidate_recordset(list(values))

    def _plan_again(self, when, reason):
        """These rows wait, still pending, until ``when`` (``reason``: why they wait)."""
        if not self:
            return
        self.env.cr.execute(
            SQL("UPDATE messaging_outbox SET planned_at = %s, reason = %s WHERE id = ANY(%s)", when, reason, self.ids)
        )
        self.invalidate_recordset(["planned_at", "reason"])

    def _mark_done(self, message_ids, now):
        """These rows left as ``message_ids`` (one per row, in order)."""
        if not self:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
                UPDATE messaging_outbox o
                   SET state = 'done', reason = NULL, error = NULL, message_id = v.message_id,
                       sent_at = %s, write_date = %s
                  FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS message_id) v
                 WHERE o.id = v.id
                """,
                now,
                now,
                self.ids,
                list(message_ids),
            )
        )
        self.invalidate_recordset()

    @api.model
    def _cancel_pending(self, rule_documents, error):
        """Cancel the pending rows of these ``(rule id, model, res_id)``: the document no
        longer matches (its date moved, it was cancelled)."""
        if not rule_documents:
            return
        self.env.cr.execute(
            SQL(
                """
                UPDATE messaging_outbox
                   SET state = 'cancelled', reason = 'not_relevant', error = %s,
                       write_date = now() AT TIME ZONE 'UTC'
                 WHERE state = 'pending' AND (rule_id, model, res_id) IN %s
                """,
                error,
                tuple(rule_documents),
            )
        )
        self.invalidate_model(["state", "reason", "error"])

    # --- unsubscribe links ------------------------------------------------------------------
    @api.model
    def _find_by_token(self, token):
        """The row an unsubscribe link names, or an empty recordset (wrong, expired)."""
        if not token or len(token) > 64:
            return self.browse()
        row = self.search([("token", "=", token)], limit=1)
        if not row or not hmac.compare_digest(row.token, token):
            return self.browse()
        days = int(self.env["ir.config_parameter"].sudo().get_param("customer_messaging.unsubscribe_days", 365))
        if row.create_date < fields.Datetime.now() - dt.timedelta(days=days):
            return self.browse()
        return row

    def _unsubscribe(self):
        """The recipient of this bulk email no longer accepts bulk and automatic emails."""
        self.ensure_one()
        self.partner_id._messaging_set_consent("email", False, "unsubscribe", note=self.bulk_id.name or self.dedupe_key)

    def _chatter_values(self):
        """What the chatter panel shows of these rows, in the user's language."""
        states = dict(self._fields["state"]._description_selection(self.env))
        reasons = dict(self._fields["reason"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        can_cancel = self.env.user.has_group("customer_messaging.group_messaging_manager")
        return [
            {
                "id": row.id,
                "state": row.state,
                "stateLabel": states.get(row.state),
                "channel": channels.get(row.channel),
                "rule": row.rule_id.sudo().name or "",
                "template": row.template_id.sudo().name or "",
                "partner": row.partner_id.sudo().display_name,
                "plannedAt": fields.Datetime.to_string(row.planned_at),
                "sentAt": fields.Datetime.to_string(row.sent_at) if row.sent_at else False,
                "why": row.error or reasons.get(row.reason) or "",
                "canCancel": row.state == "pending" and can_cancel,
            }
            for row in self
        ]

    def action_cancel(self):
        """Cancel pending messages (Messaging managers: the outbox's writers)."""
        self.check_access("write")
        self.filtered(lambda row: row.state == "pending")._mark(
            "cancelled", error=self.env._("Cancelled by %(user)s.", user=self.env.user.name)
        )

    def action_open_document(self):
        self.ensure_one()
        return {"type": "ir.actions.act_window", "res_model": self.model, "res_id": self.res_id, "view_mode": "form"}
