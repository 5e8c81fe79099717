import logging
import threading
import time
from datetime import timedelta
from uuid import uuid4

from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.tools import SQL, mute_logger

from messaging_core import phone
from messaging_core.errors import MessagingError
from messaging_core.gateways import (
    DeliveryState,
    FailureType,
    OutboundSms,
    SendResult,
    SendStatus,
)

from ..tools import translate_core_error

_logger = logging.getLogger(__name__)

# Odoo's SMS states in the order a message goes through them: a state never moves
# back (a late or replayed delivery report changes nothing).
SMS_STATE_RANK = {"outgoing": 0, "process": 1, "pending": 2, "sent": 3, "error": 3, "canceled": 3}
NOTIFICATION_STATUS_RANK = {
    "ready": 0,
    "process": 1,
    "pending": 2,
    "sent": 3,
    "exception": 3,
    "bounce": 3,
    "canceled": 3,
}
DELIVERY_TO_SMS_STATE = {
    DeliveryState.QUEUED: "pending",
    DeliveryState.SENT: "pending",
    DeliveryState.DELIVERED: "sent",
    DeliveryState.FAILED: "error",
    DeliveryState.CANCELED: "canceled",
}

DEFAULT_MAX_ATTEMPTS = 5
DEFAULT_RETRY_DELAY = 60  # seconds; doubles at each attempt
MAX_RETRY_DELAY = 3600
DEFAULT_CLAIM_LEASE = 300  # seconds a claimed SMS belongs to its worker
DEFAULT_UNKNOWN_GIVE_UP_HOURS = 24  # then an SMS nobody can confirm is shown as failed
RECONCILE_SECONDS = 5  # reconciliation time per queue run; the rest waits for the next
# sending time per queue run: a run ends well inside the cron watchdog's limit
# (limit_time_real_cron, counted from before the cron worker's sleep), then runs again
DEFAULT_QUEUE_SECONDS = 8  # with the outbox and the mail queue: see messaging.outbox._cron_dispatch
KEEP_SENT_DAYS = 2  # sent SMS kept for their provider ids (see _gc_device)


class SmsSms(models.Model):
    """Odoo's SMS queue, sending through the company's own providers when its
    SMS provider setting says so (Odoo's IAP stays the default).

    Delivery guarantee — zero duplicates, zero losses when a worker dies at any point:

    1. *claim*: one SMS at a time, ``outgoing`` → ``process`` with ``FOR UPDATE SKIP
       LOCKED`` (two workers never take the same SMS), its provider chosen, committed
       **before** the provider is called;
    2. *call* the provider (explicit timeouts), *record* its answer and commit;
    3. an SMS left in ``process`` past its lease (its worker died, or the answer was
       lost: read timeout, dropped connection) is *reconciled*: the provider is asked
       whether it has the message; found → recorded as sent, certainly not found →
       queued again. Nothing is ever resent blindly.

    The provider's status callback, which carries the SMS uuid, also settles an SMS
    whose answer was lost.
    """

    _inherit = "sms.sms"

    failure_type = fields.Selection(
        selection_add=[
            ("sms_expired", "Expired"),
            ("sms_invalid_destination", "Invalid Destination"),
            ("sms_not_allowed", "Not Allowed"),
            ("sms_not_delivered", "Not Delivered"),
            ("sms_rejected", "Rejected"),
        ]
    )
    messaging_company_id = fields.Many2one("res.company", string="Company", index=True, readonly=True)
    messaging_provider_id = fields.Many2one(
        "messaging.sms.provider", string="Provider", readonly=True, index="btree_not_null", ondelete="set null"
    )
    messaging_provider_message_id = fields.Char(
        string="Provider Message ID", readonly=True, copy=False, index="btree_not_null"
    )
    messaging_claimed_at = fields.Datetime(string="Last Attempt", readonly=True, copy=False)
    messaging_attempts = fields.Integer(string="Attempts", readonly=True, copy=False)
    messaging_next_try_at = fields.Datetime(string="Next Check", readonly=True, copy=False)
    messaging_failure_reason = fields.Char(string="Failure Reason", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        # The company an SMS is sent for chooses its provider; remember it now, while
        # the sender's company is known (the queue runs later, as another user).
        missing = [vals for vals in vals_list if not vals.get("messaging_company_id")]
        if missing:
            messages = (
                self.env["mail.message"]
                .sudo()
                .browse({vals["mail_message_id"] for vals in missing if vals.get("mail_message_id")})
            )
            partners = (
                self.env["res.partner"]
                .sudo()
                .browse({vals["partner_id"] for vals in missing if vals.get("partner_id")})
            )
            company_by_message = {m.id: m.record_company_id.id for m in messages}
            company_by_partner = {p.id: p.company_id.id for p in partners}
            for vals in missing:
                vals["messaging_company_id"] = (
                    company_by_message.get(vals.get("mail_message_id"))
                    or company_by_partner.get(vals.get("partner_id"))
                    or self.env.company.id
                )
        return super().create(vals_list)

    # ------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------

    def action_set_outgoing(self):
        self._messaging_own_provider_sms()._messaging_reset_for_retry()
        return super().action_set_outgoing()

    def resend_failed(self):
        own = self._messaging_own_provider_sms().filtered(lambda sms: sms.state == "error" and not sms.to_delete)
        if not own:
            return super().resend_failed()
        if self - own:
            super(SmsSms, self - own).resend_failed()
        own.action_set_outgoing()
        own._messaging_trigger_queue()
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": self.env._("%(count)s SMS queued again: they leave within a minute.", count=len(own)),
            },
        }

    def _messaging_reset_for_retry(self):
        """A retry asked by a user starts afresh: all attempts, no waiting, and a new
        uuid, so that late reports about the previous attempt change nothing."""
        for sms in self:
            new_uuid = uuid4().hex
            sms.sms_tracker_id.sudo().sms_uuid = new_uuid
            sms.write(
                {
                    "uuid": new_uuid,
                    "messaging_attempts": 0,
                    "messaging_next_try_at": False,
                    "messaging_failure_reason": False,
                    "messaging_provider_message_id": False,
                }
            )

    # ------------------------------------------------------------
    # Sending (overrides)
    # ------------------------------------------------------------

    def send(self, unlink_failed=False, unlink_sent=True, auto_commit=False, raise_exception=False):
        own = self._messaging_own_provider_sms()
        if own and not auto_commit and not self.env.context.get("messaging_sms_from_queue"):
            # Own providers are called only from the queue, which commits its claim
            # first: called here, inside the caller's transaction, an SMS could leave
            # and then have its record rolled back, and be sent again later.
            # Asked for now, an SMS waiting for its next attempt no longer waits.
            own.filtered(
                lambda sms: sms.state == "outgoing" and sms.messaging_next_try_at
            ).messaging_next_try_at = False
            own._messaging_trigger_queue()
            self -= own
        testing = getattr(threading.current_thread(), "testing", False)
        return super(SmsSms, self.with_context(messaging_sms_auto_commit=auto_commit and not testing)).send(
            unlink_failed=unlink_failed,
            unlink_sent=unlink_sent,
            auto_commit=auto_commit,
            raise_exception=raise_exception,
        )

    def _send(self, unlink_failed=False, unlink_sent=True, raise_exception=False):  # pylint: disable=missing-return
        own = self._messaging_own_provider_sms()
        if self - own:
            super(SmsSms, self - own)._send(
                unlink_failed=unlink_failed, unlink_sent=unlink_sent, raise_exception=raise_exception
            )
        if own:
            own._messaging_send_through_providers(unlink_failed=unlink_failed, unlink_sent=unlink_sent)

    @api.model
    def _process_queue(self, ids=None):
        testing = getattr(threading.current_thread(), "testing", False)
        self = self.with_context(messaging_sms_from_queue=True, messaging_sms_auto_commit=not testing)
        try:
            self._messaging_reconcile_claimed()
        except Exception:
            _logger.exception("Failed reconciling claimed SMS")
        result = super()._process_queue(ids=ids)
        # bulk sends are finished when their SMS were accepted, not when they were written
        self.env["messaging.bulk"]._refresh_running()
        return result

    # ------------------------------------------------------------
    # Own providers
    # ------------------------------------------------------------

    def _messaging_own_provider_sms(self):
        return self.filtered(
            lambda sms: (sms.messaging_company_id or self.env.company).messaging_sms_provider_mode == "own"
        )

    def _messaging_trigger_queue(self, at=None):
        self.env.ref("sms.ir_cron_sms_scheduler_action").sudo()._trigger(at=at)

    def _messaging_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(f"customer_messaging.{key}")
        try:
            return int(value) if value else default
        except ValueError:
            return default

    def _messaging_claim_lease(self):
        """Seconds a claimed SMS belongs to its worker; always longer than a provider call."""
        return max(self._messaging_param("sms_claim_lease", DEFAULT_CLAIM_LEASE), 60)

    def _messaging_commit(self):
        self.env.flush_all()
        if self.env.context.get("messaging_sms_auto_commit"):
            # the queue's own commits, as Odoo's send(auto_commit=True): a claim must be
            # durable before the provider is called, and each answer once it is known
            self.env.cr.commit()  # pylint: disable=invalid-commit

    def _messaging_send_through_providers(self, unlink_failed=False, unlink_sent=True):
        touched = self.browse()
        deadline = None
        if self.env.context.get("messaging_sms_from_queue"):
            deadline = time.monotonic() + self._messaging_param("sms_queue_seconds", DEFAULT_QUEUE_SECONDS)
        for sms_id in sorted(self.ids):
            if deadline is not None and time.monotonic() >= deadline:
                # the rest is still outgoing: the queue runs again at once, in a new run
                # the watchdog does not count against this one
                self._messaging_trigger_queue()
                break
            sms = self._messaging_claim(sms_id)
            if not sms:
                continue  # sent, cancelled, not due yet, or taken by another worker
            touched |= sms
            message, provider, failure = sms._messaging_prepare()
            wait = provider._take_slot() if failure is None else 0.0
            self._messaging_commit()  # the claim (and the provider's slot) is durable before the provider sees anything
            if wait:
                time.sleep(wait)  # the provider's rate: this SMS's slot
            if failure is None:
                failure = provider._gateway().send(message)
            sms._messaging_apply_send_result(failure, unlink_failed=unlink_failed, unlink_sent=unlink_sent)
            self._messaging_commit()
        if touched:
            # were this worker to die, its claims are reconciled when their lease ends
            self._messaging_trigger_queue(
                at=fields.Datetime.now() + timedelta(seconds=self._messaging_claim_lease() + 1)
            )
        touched.mail_message_id._notify_message_notification_update()

    def _messaging_claim(self, sms_id):
        """Take one outgoing SMS for this worker, or return an empty recordset.

        ``SKIP LOCKED`` passes over an SMS another worker is claiming; one it claimed
        and committed after this transaction's snapshot (Odoo's REPEATABLE READ) makes
        PostgreSQL refuse the lock: it is taken too, and skipped the same way.
        """
        self.flush_model()
        now = fields.Datetime.now()
        query = SQL(
            """
            UPDATE sms_sms
               SET state = 'process', messaging_claimed_at = %(now)s,
                   messaging_attempts = COALESCE(messaging_attempts, 0) + 1,
                   messaging_next_try_at = %(lease_end)s, messaging_failure_reason = NULL
             WHERE id = (SELECT id FROM sms_sms
                          WHERE id = %(id)s AND state = 'outgoing' AND to_delete IS NOT TRUE
                            AND (messaging_next_try_at IS NULL OR messaging_next_try_at <= %(now)s)
                            FOR UPDATE SKIP LOCKED)
            RETURNING id
            """,
            now=now,
            lease_end=now + timedelta(seconds=self._messaging_claim_lease()),
            id=sms_id,
        )
        rows = self._messaging_execute_skipping_concurrent_updates(query)
        claimed = self.browse([row[0] for row in rows])
        claimed.invalidate_recordset(
            ["state", "messaging_claimed_at", "messaging_attempts", "messaging_next_try_at", "messaging_failure_reason"]
        )
        return claimed

    def _messaging_execute_skipping_concurrent_updates(self, query):
        """Rows of ``query`` (which locks rows), or none when another worker changed
        them since this transaction's snapshot."""
        try:
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                self.env.cr.execute(query)
                return self.env.cr.fetchall()
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            return []

    def _messaging_prepare(self):
        """Normalise the number and choose the provider of this claimed SMS.

        :return: (message, provider, failure) where failure is a ``SendResult``
            when the SMS must not be sent at all (bad number, opted out, no provider).
        """
        self.ensure_one()
        company = self.messaging_company_id or self.env.company
        region = self.partner_id.country_id.code or company.country_id.code or None
        try:
            number = phone.normalize(self.number or "", region)
        except MessagingError as error:
            return (
                None,
                None,
                SendResult(
                    SendStatus.FAILED,
                    failure_type=FailureType.NUMBER_FORMAT,
                    error_message=translate_core_error(self.env, error),
                ),
            )
        # checked now, at the moment of sending: a STOP received since the SMS was
        # queued still counts (one query per SMS, on purpose)
        if self.env["phone.blacklist"].sudo().search_count([("number", "=", number.e164)], limit=1):
            return (
                None,
                None,
                SendResult(
                    SendStatus.FAILED,
                    failure_type=FailureType.BLACKLIST,
                    error_message=self.env._("The number %(number)s has opted out of SMS.", number=number.e164),
                ),
            )
        provider = self.env["messaging.sms.provider"]._route(company, number.e164)
        if not provider:
            return (
                None,
                None,
                SendResult(
                    SendStatus.FAILED,
                    failure_type=FailureType.ACCOUNT,
                    error_message=self.env._(
                        "%(company)s has no SMS provider for %(number)s.", company=company.name, number=number.e164
                    ),
                ),
            )
        try:
            provider._gateway()
        except MessagingError as error:
            return (
                None,
                provider,
                SendResult(
                    SendStatus.FAILED,
                    failure_type=FailureType.ACCOUNT,
                    error_message=translate_core_error(self.env, error),
                ),
            )
        self.write({"number": number.e164, "messaging_provider_id": provider.id})
        return self._messaging_outbound_message(provider), provider, None

    def _messaging_outbound_message(self, provider):
        self.ensure_one()
        callback = None
        if provider.kind == "twilio" and provider.status_callbacks:
            callback = f"{self.get_base_url()}/customer_messaging/sms/twilio/status/{self.uuid}"
        return OutboundSms(to=self.number, body=self.body or "", reference=self.uuid, status_callback=callback)

    def _messaging_apply_send_result(self, result, unlink_failed=False, unlink_sent=True):
        """Record the provider's answer on this claimed SMS and its notifications,
        unless it moved on since the claim (a delivery report came first, a user
        cancelled it): states never move back."""
        self.ensure_one()
        if not self._messaging_lock_if_claimed():
            return
        sms = self.with_context(sms_skip_msg_notification=True)
        reason = sms._messaging_reason(result)
        if result.status is SendStatus.ACCEPTED:
            sms._messaging_mark_accepted(result.provider_id, unlink_sent=unlink_sent)
        elif result.status is SendStatus.FAILED:
            sms._messaging_mark_failed(result.failure_type or FailureType.UNKNOWN, reason, unlink_failed=unlink_failed)
        elif result.status is SendStatus.RETRY:
            if self.messaging_attempts >= self._messaging_param("sms_max_attempts", DEFAULT_MAX_ATTEMPTS):
                sms._messaging_mark_failed(
                    FailureType.SERVER,
                    self.env._(
                        "Gave up after %(count)s attempts: %(reason)s", count=self.messaging_attempts, reason=reason
                    ),
                    unlink_failed=unlink_failed,
                )
            else:
                delay = result.retry_after or min(
                    DEFAULT_RETRY_DELAY * 2 ** max(self.messaging_attempts - 1, 0), MAX_RETRY_DELAY
                )
                retry_at = fields.Datetime.now() + timedelta(seconds=delay)
                sms.write({"state": "outgoing", "messaging_next_try_at": retry_at, "messaging_failure_reason": reason})
                self._messaging_trigger_queue(at=retry_at)
        else:
            # The provider may have the message: never resend before asking it.
            check_at = fields.Datetime.now() + timedelta(seconds=DEFAULT_RETRY_DELAY)
            sms.write({"messaging_next_try_at": check_at, "messaging_failure_reason": reason})
            self._messaging_trigger_queue(at=check_at)

    def _messaging_lock_if_claimed(self):
        """Lock this SMS if it is still claimed (``process``); False otherwise."""
        self.ensure_one()
        self.flush_recordset()
        rows = self._messaging_execute_skipping_concurrent_updates(
            SQL("SELECT id FROM sms_sms WHERE id = %s AND state = 'process' FOR UPDATE", self.id)
        )
        self.invalidate_recordset()
        return bool(rows)

    def _messaging_reason(self, result):
        """What to show of the provider's answer, in the user's words."""
        if result.status is SendStatus.ACCEPTED:
            return False
        detail = " ".join(p for p in (result.error_code and f"[{result.error_code}]", result.error_message) if p)
        detail = detail or self.env._("no details")
        if result.status is SendStatus.RETRY:
            return self.env._("The provider is busy; the SMS will be sent again later: %(detail)s", detail=detail)
        if result.status is SendStatus.UNKNOWN:
            return self.env._(
                "No clear answer from the provider; it will be asked whether it has the SMS: %(detail)s",
                detail=detail,
            )
        return detail

    def _messaging_mark_accepted(self, provider_message_id, unlink_sent=True):
        self.write(
            {
                "state": "pending",
                "failure_type": False,
                "messaging_failure_reason": False,
                "messaging_next_try_at": False,
                "messaging_provider_message_id": provider_message_id,
                **({"to_delete": True} if unlink_sent else {}),
            }
        )
        self.sms_tracker_id._action_update_from_sms_state("pending")

    def _messaging_mark_failed(self, failure_type, reason, unlink_failed=False):
        failure_type = FailureType(failure_type)
        self.write(
            {
                "state": "error",
                "failure_type": failure_type.value,
                "messaging_failure_reason": reason,
                "messaging_next_try_at": False,
                **({"to_delete": True} if unlink_failed else {}),
            }
        )
        self.sms_tracker_id._action_update_from_sms_state(
            "error", failure_type=failure_type.value, failure_reason=reason
        )
        if failure_type is FailureType.OPTOUT:
            self._messaging_blacklist_numbers()

    def _messaging_blacklist_numbers(self):
        """The provider says these numbers unsubscribed (Twilio 21610): opt them out here
        too, so that nothing more is even submitted."""
        self.env["phone.blacklist"].sudo()._messaging_opt_out(
            self.mapped("number"), self.env._("The SMS provider reports this number unsubscribed.")
        )

    @api.model
    def _messaging_reconcile_claimed(self, limit=1000, max_seconds=RECONCILE_SECONDS):
        """Settle SMS left in ``process`` past their lease, asking their provider.

        One SMS at a time, locked with ``SKIP LOCKED`` and committed, so that two
        queue workers never reconcile the same SMS; one that cannot be settled waits
        and lets the others through; what is left after ``max_seconds`` waits for the
        next run (triggered at once).
        """
        deadline = time.monotonic() + max_seconds
        for __ in range(limit):
            if time.monotonic() > deadline:
                self._messaging_trigger_queue()
                return
            self.flush_model()
            now = fields.Datetime.now()
            rows = self._messaging_execute_skipping_concurrent_updates(
                SQL(
                    """
                    SELECT id FROM sms_sms
                     WHERE state = 'process' AND messaging_claimed_at IS NOT NULL
                       AND messaging_provider_message_id IS NULL AND to_delete IS NOT TRUE
                       AND messaging_next_try_at <= %(now)s
                     ORDER BY id LIMIT 1
                     FOR UPDATE SKIP LOCKED
                    """,
                    now=now,
                )
            )
            if not rows:
                return  # nothing left, or another worker is on it
            sms = self.browse(rows[0][0])
            try:
                with self.env.cr.savepoint():
                    sms._messaging_reconcile_one(now)
            except Exception:
                _logger.exception("Could not reconcile SMS %s; it waits for the next run", sms.id)
                self.env.cr.execute(
                    SQL(
                        "UPDATE sms_sms SET messaging_next_try_at = %s WHERE id = %s",
                        now + timedelta(seconds=self._messaging_claim_lease()),
                        sms.id,
                    )
                )
                sms.invalidate_recordset()
            self._messaging_commit()

    def _messaging_reconcile_one(self, now):
        self.ensure_one()
        provider = self.messaging_provider_id
        if not provider:
            # claimed but never handed to a provider: safe to queue again
            self.write({"state": "outgoing", "messaging_next_try_at": False})
            return
        since = self.messaging_claimed_at - timedelta(minutes=2)  # clock skew with the provider
        # the same text to the same number may have gone out for another SMS: its
        # provider id must not settle this one
        known = (
            self.sudo()
            .search(
                [
                    ("number", "=", self.number),
                    ("messaging_provider_id", "=", provider.id),
                    ("messaging_provider_message_id", "!=", False),
                    ("id", "!=", self.id),
                ]
            )
            .mapped("messaging_provider_message_id")
        )
        found = provider._gateway().find_sent(self._messaging_outbound_message(provider), since, exclude=known)
        sms = self.with_context(sms_skip_msg_notification=True)
        if found is None:
            if self.messaging_attempts >= self._messaging_param("sms_max_attempts", DEFAULT_MAX_ATTEMPTS):
                sms._messaging_mark_failed(
                    FailureType.SERVER,
                    self.env._(
                        "The provider never received this SMS after %(count)s attempts.", count=self.messaging_attempts
                    ),
                )
            else:
                _logger.info("SMS %s was never received by %s: queued again", self.id, provider.name)
                self.write({"state": "outgoing", "messaging_next_try_at": False})
        elif found.status is SendStatus.ACCEPTED:
            _logger.info("SMS %s was received by %s as %s: not resent", self.id, provider.name, found.provider_id)
            sms._messaging_mark_accepted(found.provider_id)
        elif now - self.messaging_claimed_at > timedelta(
            hours=self._messaging_param("sms_unknown_give_up_hours", DEFAULT_UNKNOWN_GIVE_UP_HOURS)
        ):
            # never resent blindly: shown as failed, for a person to check
            sms._messaging_mark_failed(
                FailureType.SERVER,
                self.env._(
                    "The provider could not say whether it received this SMS; it was not sent again. "
                    "Check it in the provider's console: %(detail)s",
                    detail=self._messaging_reason(found),
                ),
            )
        else:
            check_at = now + timedelta(seconds=self._messaging_claim_lease())
            self.write({"messaging_next_try_at": check_at, "messaging_failure_reason": self._messaging_reason(found)})
            self._messaging_trigger_queue(at=check_at)
        self.mail_message_id._notify_message_notification_update()

    # ------------------------------------------------------------
    # Delivery reports
    # ------------------------------------------------------------

    @api.model
    def _messaging_apply_delivery_report(self, uuid, report, provider):
        """Apply a provider's delivery report to the SMS ``uuid``; states only move
        forward, so a replayed or late report writes nothing.

        :return: True when something changed.
        """
        sms = self.sudo().search([("uuid", "=", uuid)], limit=1)
        tracker = self.env["sms.tracker"].sudo().search([("sms_uuid", "=", uuid)], limit=1)
        if not sms and not tracker:
            return False
        if (
            sms
            and sms.messaging_provider_id
            and sms.messaging_provider_id != provider
            and (sms.messaging_provider_id.sudo().twilio_account_sid != provider.sudo().twilio_account_sid)
        ):
            _logger.warning("Delivery report for SMS %s from another account: ignored", sms.id)
            return False
        if sms and sms.messaging_provider_message_id and sms.messaging_provider_message_id != report.provider_id:
            _logger.warning(
                "Delivery report for SMS %s names %s, not %s: ignored",
                sms.id,
                report.provider_id,
                sms.messaging_provider_message_id,
            )
            return False
        new_state = DELIVERY_TO_SMS_STATE[report.state]
        if sms:
            current = SMS_STATE_RANK[sms.state]
        else:
            statuses = tracker.mail_notification_id.mapped("notification_status")
            current = max((NOTIFICATION_STATUS_RANK.get(s, 0) for s in statuses), default=0)
        if SMS_STATE_RANK[new_state] <= current:
            return False
        failure_type = False
        reason = False
        if new_state == "error":
            failure_type = (report.failure_type or FailureType.UNKNOWN).value
            reason = self.env._("Not delivered: %(status)s", status=report.raw_status)
            if report.error_code:
                reason = f"[{report.error_code}] {reason}"
        if sms:
            vals = {"state": new_state, "failure_type": failure_type, "messaging_failure_reason": reason}
            if not sms.messaging_provider_message_id:
                # the answer to our call was lost, but the provider has it
                vals.update(messaging_provider_message_id=report.provider_id, messaging_next_try_at=False)
            if not sms.messaging_provider_id:
                vals["messaging_provider_id"] = provider.id
            sms.write(vals)
        if failure_type in self.BOUNCE_DELIVERY_ERRORS:
            # as Odoo shows IAP's: the number does not take SMS
            tracker._update_sms_notifications("bounce", failure_type=failure_type, failure_reason=reason)
        else:
            tracker._action_update_from_sms_state(new_state, failure_type=failure_type, failure_reason=reason)
        if report.failure_type is FailureType.OPTOUT:
            sms._messaging_blacklist_numbers()
        return True

    # ------------------------------------------------------------
    # Clean-up
    # ------------------------------------------------------------

    @api.autovacuum
    def _gc_device(self):
        # Odoo deletes every SMS marked for deletion; sent SMS of own providers are
        # kept a little longer: their provider ids keep reconciliation from taking
        # another SMS with the same text to the same number for this one.
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM sms_sms
                 WHERE to_delete = TRUE
                   AND (messaging_provider_message_id IS NULL OR messaging_claimed_at < %(limit)s)
                """,
                limit=fields.Datetime.now() - timedelta(days=KEEP_SENT_DAYS),
            )
        )
        _logger.info("GC'd %d sms marked for deletion", self.env.cr.rowcount)
