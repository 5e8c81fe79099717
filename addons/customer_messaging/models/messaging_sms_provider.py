import threading
import time
from contextlib import nullcontext

from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from messaging_core import gateways
from messaging_core.errors import MessagingError
from messaging_core.gateways import TwilioGateway
from messaging_core.gateways.twilio import MAX_VALIDITY_PERIOD, MIN_VALIDITY_PERIOD

from ..tools import translate_core_error

# Built gateways are reused across calls (the Twilio client keeps its connection pool);
# the key holds the settings, so an edited provider gets a new one.
_GATEWAY_CACHE: dict[tuple, object] = {}
_GATEWAY_CACHE_LOCK = threading.Lock()
_GATEWAY_CACHE_SIZE = 64


class MessagingSmsProvider(models.Model):
    """An SMS provider account of a company, used instead of Odoo's IAP when the
    company's SMS provider setting is "Own providers".

    A company may have several: each outgoing SMS goes to the provider whose
    destination prefixes match its number best (``+33`` beats nothing, ``+447``
    beats ``+44``); providers with no prefix take every other destination.
    """

    _name = "messaging.sms.provider"
    _description = "SMS Provider"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    kind = fields.Selection(
        [("twilio", "Twilio"), ("sandbox", "Sandbox (nothing is sent)")],
        string="Provider",
        required=True,
        default="sandbox",
    )
    prefixes = fields.Char(
        string="Destinations",
        help="Country prefixes this provider sends to, separated by commas, e.g. "
        '"+33, +32". Leave empty to send to every destination that no other '
        "provider of the company takes.",
    )
    # The account, its token and the API address are for administrators only: whoever
    # can point the API URL elsewhere can have the token sent there.
    twilio_account_sid = fields.Char(string="Account SID", groups="base.group_system")
    twilio_auth_token = fields.Char(string="Auth Token", groups="base.group_system", copy=False)
    twilio_from_number = fields.Char(
        string="Sender Number", help="The Twilio phone number the messages come from (E.164)."
    )
    twilio_messaging_service_sid = fields.Char(
        string="Messaging Service SID",
        help="Send through a Twilio Messaging Service instead of a single sender number.",
    )
    twilio_validity_period = fields.Integer(
        string="Validity Period (seconds)",
        help="How long an SMS may wait in Twilio's queue before Twilio gives it up (it then shows as "
        "failed, expired): 1 to 36,000 seconds. Empty or 0: Twilio's default (the Messaging Service's "
        "setting, else 10 hours). Short for time-bound messages such as codes or appointment reminders.",
    )
    twilio_api_url = fields.Char(
        string="API URL",
        groups="base.group_system",
        help="Leave empty for Twilio. Set it for a Twilio-compatible provider or a regional endpoint.",
    )
    connect_timeout = fields.Float(default=5.0, help="Seconds to wait for the provider to accept the connection.")
    read_timeout = fields.Float(default=15.0, help="Seconds to wait for the provider's answer.")
    rate_per_second = fields.Float(
        string="Messages per Second",
        compute="_compute_rate_per_second",
        store=True,
        readonly=False,
        help="At most this many SMS a second through this provider, whatever the number of Odoo workers "
        "(Twilio lets a long code send 1 a second; a short code or a Messaging Service more). "
        "0: no limit. Other providers, and other companies, are not slowed.",
    )
    next_slot = fields.Datetime(
        string="Next Sending Slot", readonly=True, copy=False, help="When the next SMS may leave (rate limit)."
    )
    status_callbacks = fields.Boolean(
        string="Delivery Reports",
        default=True,
        help="Ask the provider to report delivery to this database (it must be reachable from the internet).",
    )

    @api.constrains("prefixes")
    def _check_prefixes(self):
        for provider in self:
            try:
                provider._route_of()
            except MessagingError as error:
                raise ValidationError(
                    self.env._(
                        "Provider %(provider)s: %(error)s",
                        provider=provider.name,
                        error=translate_core_error(self.env, error),
                    )
                ) from error

    @api.constrains(
        "kind",
        "twilio_account_sid",
        "twilio_from_number",
        "twilio_messaging_service_sid",
        "twilio_api_url",
        "twilio_validity_period",
    )
    def _check_twilio_settings(self):
        for provider in self.sudo().filtered(lambda p: p.kind == "twilio"):
            if not provider.twilio_account_sid:
                raise ValidationError(
                    self.env._("Provider %(provider)s: the Twilio Account SID is required.", provider=provider.name)
                )
            if bool(provider.twilio_from_number) == bool(provider.twilio_messaging_service_sid):
                raise ValidationError(
                    self.env._(
                        "Provider %(provider)s: set either a sender number or a Messaging Service SID, not both.",
                        provider=provider.name,
                    )
                )
            if provider.twilio_validity_period and not (
                MIN_VALIDITY_PERIOD <= provider.twilio_validity_period <= MAX_VALIDITY_PERIOD
            ):
                raise ValidationError(
                    self.env._(
                        "Provider %(provider)s: the validity period is a number of seconds from 1 to 36,000 "
                        "(10 hours), or empty for Twilio's default.",
                        provider=provider.name,
                    )
                )
            if provider.twilio_api_url:
                try:
                    TwilioGateway._check_base_url(provider.twilio_api_url)
                except MessagingError as error:
                    raise ValidationError(
                        self.env._(
                            "Provider %(provider)s: the API URL must start with https:// (or http://), "
                            "e.g. https://api.twilio.com.",
                            provider=provider.name,
                        )
                    ) from error

    @api.depends("kind")
    def _compute_rate_per_second(self):
        for provider in self:
            # Twilio's long code default; the sandbox sends nothing and needs no limit
            provider.rate_per_second = 1.0 if provider.kind == "twilio" else 0.0

    @api.constrains("rate_per_second")
    def _check_rate(self):
        for provider in self:
            if provider.rate_per_second < 0:
                raise ValidationError(
                    self.env._("Provider %(provider)s: the rate cannot be negative.", provider=provider.name)
                )

    def _take_slot(self):
        """Seconds to wait before this provider may take the next SMS, the slot being
        reserved now: one row lock shared by every worker of every server, held until
        the caller's commit (right after). ``0`` without a limit."""
        self.ensure_one()
        if self.rate_per_second <= 0:
            return 0.0
        interval = 1.0 / self.rate_per_second
        # a transaction of its own, a few milliseconds long: the row lock is not held
        # while the caller works, and a worker that met another's commit (Odoo's
        # REPEATABLE READ) simply takes a fresh snapshot and tries again
        testing = getattr(threading.current_thread(), "testing", False)  # one transaction, as Odoo's own queues
        for attempt in range(20):
            try:
                with nullcontext(self.env.cr) if testing else self.env.registry.cursor() as cr:
                    cr.execute(
                        SQL(
                            """
                        UPDATE messaging_sms_provider
                           SET next_slot = GREATEST(COALESCE(next_slot, now_utc), now_utc)
                                              + make_interval(secs => %(gap)s)
                          FROM (SELECT clock_timestamp() AT TIME ZONE 'UTC' AS now_utc) clock
                         WHERE id = %(id)s
                     RETURNING EXTRACT(EPOCH FROM (next_slot - make_interval(secs => %(gap)s) - clock.now_utc))
                        """,
                            gap=interval,
                            id=self.id,
                        ),
                    )
                    row = cr.fetchone()
                break
            except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable, pg_errors.DeadlockDetected):
                time.sleep(0.01 * (attempt + 1))
        else:
            return interval  # could not reserve: wait one slot, as if reserved
        self.invalidate_recordset(["next_slot"])
        return max(0.0, float(row[0])) if row else 0.0

    @api.constrains("connect_timeout", "read_timeout")
    def _check_timeouts(self):
        for provider in self:
            if provider.connect_timeout <= 0 or provider.read_timeout <= 0:
                raise ValidationError(
                    self.env._("Provider %(provider)s: timeouts must be more than 0 seconds.", provider=provider.name)
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _company_routes
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_sms_in_flight(self):
        # An SMS whose outcome is unknown is settled by asking its provider: without
        # it, the SMS could only be resent blindly, possibly twice.
        in_flight = (
            self.env["sms.sms"]
            .sudo()
            .search_count([("messaging_provider_id", "in", self.ids), ("state", "=", "process")], limit=1)
        )
        if in_flight:
            raise UserError(
                self.env._(
                    "Some SMS sent through these providers are still being confirmed. "
                    "Archive the providers instead, or delete them once those SMS are settled."
                )
            )

    # ------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------

    def _route_of(self):
        """This provider as a :class:`messaging_core.gateways.Route` (prefixes checked
        and normalised)."""
        self.ensure_one()
        prefixes = tuple(p for p in (self.prefixes or "").split(",") if p.strip())
        return gateways.Route(key=self.id, prefixes=prefixes, sequence=self.sequence)

    @api.model
    @tools.ormcache("company_id")
    def _company_routes(self, company_id):
        """The routes of a company's active providers, read once per worker until a
        provider changes: the queue asks for every SMS."""
        return tuple(provider._route_of() for provider in self.sudo().search([("company_id", "=", company_id)]))

    @api.model
    def _route(self, company, e164):
        """The provider of ``company`` that sends to ``e164``, or an empty recordset."""
        route = gateways.choose_route(e164, self._company_routes(company.id))
        return self.browse(route.key) if route else self.browse()

    def _gateway(self):
        """The :mod:`messaging_core` gateway of this provider, built once per set of
        settings (the Twilio client keeps its connection pool)."""
        self.ensure_one()
        kind, settings = self.sudo()._gateway_settings()
        key = (self.env.cr.dbname, self.id, kind, tuple(sorted(settings.items())))
        with _GATEWAY_CACHE_LOCK:
            gateway = _GATEWAY_CACHE.get(key)
            if gateway is None:
                gateway = gateways.build_gateway(kind, **settings)
                if len(_GATEWAY_CACHE) >= _GATEWAY_CACHE_SIZE:
                    _GATEWAY_CACHE.pop(next(iter(_GATEWAY_CACHE)))
                _GATEWAY_CACHE[key] = gateway
        return gateway

    def _gateway_settings(self):
        """(kind, keyword arguments) of :func:`messaging_core.gateways.build_gateway`."""
        self.ensure_one()
        if self.kind == "sandbox":
            return "sandbox", {"name": self._sandbox_name()}
        return "twilio", {
            "account_sid": self.twilio_account_sid,
            "auth_token": self.twilio_auth_token or "",
            "from_number": self.twilio_from_number or None,
            "messaging_service_sid": self.twilio_messaging_service_sid or None,
            "validity_period": self.twilio_validity_period or None,
            "base_url": self.twilio_api_url or None,
            "connect_timeout": self.connect_timeout or 5.0,
            "read_timeout": self.read_timeout or 15.0,
        }

    def _sandbox_name(self):
        """The sandbox outbox of this provider, shared by every worker of this process."""
        self.ensure_one()
        return f"{self.env.cr.dbname}/provider-{self.id}"

    @api.model
    def _twilio_provider_for_request(self, urls, params, signature, sms_uuid=None):
        """The Twilio provider whose auth token signed this request, or an empty
        recordset. ``urls`` are the URLs the provider may have signed (as received,
        and rebuilt on the public base URL behind a TLS proxy). The provider of the
        SMS ``sms_uuid`` is tried first; archived providers still count (their SMS
        keep reporting)."""
        account_sid = params.get("AccountSid")
        if not account_sid or not signature:
            return self.browse()
        providers = self.sudo().browse()
        if sms_uuid:
            sms = self.env["sms.sms"].sudo().search([("uuid", "=", sms_uuid)], limit=1)
            providers = sms.messaging_provider_id.sudo().filtered(lambda p: p.kind == "twilio")
        providers |= (
            self.sudo()
            .with_context(active_test=False)
            .search([("kind", "=", "twilio"), ("twilio_account_sid", "=", account_sid)])
        )
        for provider in providers.filtered(lambda p: p.twilio_account_sid == account_sid):
            token = provider.twilio_auth_token or ""
            if token and any(gateways.check_signature(url, params, signature, token) for url in urls):
                return provider
        return self.browse()
