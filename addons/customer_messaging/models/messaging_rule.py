import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from messaging_core.schedule import ScheduleError, shift

from ..tools.schedule import company_zone, opening_hours, sms_hours

_logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RuleSpec:
    """What the write hook needs of a rule, as plain values (cached per registry)."""

    id: int
    company_id: int
    rule_type: str  # "event" or "reminder"
    trigger: str | None  # of an event: "create", "status", "status_to", "date"
    status_field: str | None  # the model's status field
    status_value: str | None  # of "status_to": the status, as its key
    date_field: str | None  # of "date" and reminders
    amount: int  # delay (events) or advance (reminders), 0: at once
    unit: str  # "minutes", "hours", "days"
    working_hours: bool
    calendar_id: int | None
    channel: str  # "email" or "sms"
    template_id: int
    cap_exempt: bool  # a service message: not counted in the weekly cap per customer


@dataclass(frozen=True, slots=True)
class RuleEvent:
    """A rule fired for one document: what ``_plan`` turns into an outbox row."""

    spec: RuleSpec
    record: object  # the document
    partner: object  # its customer
    company: object
    #: what happened (``"created"``, ``"status:<key>:<stamp>"``...); None for reminders
    occurrence: str | None
    #: the value the rule waits for: the new status, or the date a reminder is about
    expected: str | None


TRIGGERS = [
    ("create", "Created"),
    ("status", "Status changed"),
    ("status_to", "Status changed to"),
    ("date", "Scheduled date changed"),
]
UNITS = [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days")]


class MessagingRule(models.Model):
    """Send a customer an email or SMS when something happens to their document.

    Rules are read by the ``create``/``write`` hook of every model (``models.py``)
    from a per-registry cache, so a model no rule watches pays nothing. A triggered
    rule only inserts outbox rows (one ``INSERT``); the outbox cron sends them,
    checking the rule again at send time (:meth:`_not_relevant`).
    """

    _name = "messaging.rule"
    _description = "Customer Notification Rule"
    _order = "model_id, rule_type, sequence, id"

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True, translate=True
    )
    name_custom = fields.Boolean(help="The name was typed by a person: choosing the document, channel... keeps it.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        index=True,
        help="The rule applies to this company's documents.",
    )
    model_id = fields.Many2one(
        "ir.model",
        string="Document Type",
        required=True,
        ondelete="cascade",
        domain=lambda self: [("model", "in", self._rule_models())],
    )
    model = fields.Char(related="model_id.model", store=True, string="Model", index=True)
    rule_type = fields.Selection(
        [("event", "Notification"), ("reminder", "Reminder")],
        string="Type",
        required=True,
        default="event",
        help="Notification: when something happens to the document. Reminder: some time before one of its dates.",
    )
    trigger = fields.Selection(TRIGGERS, default="create")
    status_field_id = fields.Many2one("ir.model.fields", compute="_compute_status_field_id", string="Status Field")
    status_selection_id = fields.Many2one(
        "ir.model.fields.selection",
        string="Status",
        domain="[('field_id', '=', status_field_id)]",
        ondelete="cascade",
    )
    status_ref_model = fields.Char(compute="_compute_status_field_id")
    status_ref = fields.Many2oneReference(string="Stage", model_field="status_ref_model")
    date_field_id = fields.Many2one(
        "ir.model.fields",
        string="Date Field",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
        ondelete="cascade",
        help="Scheduled date changed: the date watched. Reminder: the date the reminder comes before.",
    )
    channel = fields.Selection([("email", "Email"), ("sms", "SMS")], required=True, default="sms")
    template_id = fields.Many2one(
        "messaging.template",
        required=True,
        ondelete="restrict",
        domain="[('channel', '=', channel), ('model', 'in', (model, 'res.partner', False)), "
        "('company_id', 'in', (company_id, False))]",
    )
    delay = fields.Boolean(string="Delay Sending")
    amount = fields.Integer(string="Delay", default=1)
    unit = fields.Selection(UNITS, default="hours", required=True)
    cap_exempt = fields.Boolean(
        string="Service Message",
        help="A message the customer needs about their document (an order shipped, an "
        "appointment): it is not counted in the company's cap of messages per customer per week.",
    )
    working_hours = fields.Boolean(
        string="Only During Working Hours",
        help="Outside the working hours of the calendar below, the message waits for the next opening.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        domain="[('company_id', 'in', (company_id, False))]",
        help="Empty: the company's working hours.",
    )
    description = fields.Char(compute="_compute_description")
    covered_by = fields.Text(
        string="Already Covered",
        compute="_compute_covered_by",
        help="Other features that already tell the customer about this event: the customer gets one "
        "message for it, the first one planned.",
    )
    pending_count = fields.Integer(compute="_compute_counts", string="Planned")
    sent_count = fields.Integer(compute="_compute_counts", string="Sent")

    _sql_constraints = [
        ("amount_positive", "CHECK(amount >= 0)", "The delay cannot be negative."),
    ]

    # --- computes ---------------------------------------------------------------------
    @api.depends("rule_type", "trigger", "model_id", "channel", "status_selection_id", "status_ref", "date_field_id")
    def _compute_name(self):
        for rule in self:
            if rule.name_custom and rule.name:
                continue  # the name a person typed is theirs
            if rule.model_id:
                rule.name = rule._auto_name()
            else:
                rule.name = rule.name or False

    def _auto_name(self):
        self.ensure_one()
        return f"{self.model_id.name}: {self.description}" if self.model_id else False

    @api.onchange("name")
    def _onchange_name(self):
        for rule in self:
            rule.name_custom = bool(rule.name) and rule.name != rule._auto_name()

    @api.depends("model_id")
    def _compute_status_field_id(self):
        for rule in self:
            fname = self.env[rule.model]._messaging_status_field() if rule.model in self.env else None
            field = self.env["ir.model.fields"]._get(rule.model, fname) if fname else self.env["ir.model.fields"]
            rule.status_field_id = field
            rule.status_ref_model = field.relation if field.ttype == "many2one" else False

    @api.depends(
        "rule_type", "trigger", "channel", "status_selection_id", "status_ref", "date_field_id", "amount", "unit"
    )
    @api.depends("model_id", "rule_type", "trigger", "status_selection_id", "status_ref", "company_id")
    def _compute_covered_by(self):
        for rule in self:
            owners = (
                self.env[rule.model]._messaging_event_owners(rule)
                if rule.model in self.env and rule.rule_type == "event"
                else []
            )
            rule.covered_by = "\n".join(owners) or False

    def _compute_description(self):
        units = dict(self._fields["unit"]._description_selection(self.env))
        triggers = dict(self._fields["trigger"]._description_selection(self.env))
        channels = dict(self._fields["channel"]._description_selection(self.env))
        singular = {"minutes": self.env._("minute"), "hours": self.env._("hour"), "days": self.env._("day")}
        for rule in self:
            # the field the rule watches is the rule's own choice: its label is readable by
            # whoever reads the rule (the fields' model is for administrators)
            date_label = rule.date_field_id.sudo().field_description
            if rule.rule_type == "reminder":
                text = self.env._(
                    "%(channel)s %(amount)s %(unit)s before %(date)s",
                    channel=channels.get(rule.channel),
                    amount=rule.amount,
                    unit=singular.get(rule.unit, "") if rule.amount == 1 else units.get(rule.unit, "").lower(),
                    date=date_label or "?",
                )
            else:
                text = triggers.get(rule.trigger, "")
                if rule.trigger == "status_to":
                    text = f"{text} {rule._status_label() or '?'}"
                elif rule.trigger == "date" and date_label:
                    text = f"{text} ({date_label})"
                text = f"{text} → {channels.get(rule.channel)}"
            rule.description = text

    def _compute_counts(self):
        counts = defaultdict(int)
        if self.ids:
            for rule, state, count in self.env["messaging.outbox"]._read_group(
                [("rule_id", "in", self.ids), ("state", "in", ("pending", "done"))], ["rule_id", "state"], ["__count"]
            ):
                counts[(rule.id, state)] = count
        for rule in self:
            rule.pending_count = counts[(rule.id, "pending")]
            rule.sent_count = counts[(rule.id, "done")]

    # --- constraints and onchanges --------------------------------------------------------
    @api.constrains("rule_type", "trigger", "status_selection_id", "status_ref", "date_field_id", "model_id")
    def _check_trigger(self):
        for rule in self:
            if rule.model not in self._rule_models():
                raise ValidationError(
                    self.env._("%(model)s documents have no customer to notify.", model=rule.model_id.name)
                )
            needs_date = rule.rule_type == "reminder" or rule.trigger == "date"
            if needs_date and not rule.date_field_id:
                raise ValidationError(self.env._("Choose the date of the document this rule is about."))
            if rule.date_field_id and rule.date_field_id.model != rule.model:
                raise ValidationError(self.env._("The date field must belong to the rule's document type."))
            if rule.rule_type == "event" and rule.trigger == "status_to" and not rule._status_value():
                raise ValidationError(self.env._("Choose the status that triggers the notification."))
            if rule.rule_type == "event" and rule.trigger in ("status", "status_to") and not rule.status_field_id:
                raise ValidationError(
                    self.env._("%(model)s documents have no status or stage.", model=rule.model_id.name)
                )

    @api.constrains("template_id", "channel", "model_id")
    def _check_template(self):
        for rule in self:
            template = rule.template_id
            if template.channel != rule.channel:
                raise ValidationError(
                    self.env._("The template “%(template)s” is not an %(channel)s template.",
                               template=template.name, channel=rule.channel.upper())
                )  # fmt: skip
            if template.model not in (False, "res.partner", rule.model):
                raise ValidationError(
                    self.env._("The template “%(template)s” is made for %(model)s documents.",
                               template=template.name, model=template.model_id.name)
                )  # fmt: skip

    @api.constrains(
        "model_id", "rule_type", "trigger", "status_selection_id", "status_ref", "date_field_id",
        "amount", "unit", "delay", "channel", "template_id", "company_id", "active",
    )  # fmt: skip
    def _check_not_a_duplicate(self):
        """Two identical active rules would send every customer the same message twice."""
        for rule in self.filtered("active"):
            domain = [
                ("id", "!=", rule.id),
                ("company_id", "=", rule.company_id.id),
                ("model_id", "=", rule.model_id.id),
                ("rule_type", "=", rule.rule_type),
                ("channel", "=", rule.channel),
                ("template_id", "=", rule.template_id.id),
                ("date_field_id", "=", rule.date_field_id.id),
            ]
            if rule.rule_type == "event":
                domain += [
                    ("trigger", "=", rule.trigger),
                    ("status_selection_id", "=", rule.status_selection_id.id),
                    ("status_ref", "=", rule.status_ref),
                    ("delay", "=", rule.delay),
                ]
            if rule.rule_type == "reminder" or rule.delay:
                domain += [("amount", "=", rule.amount), ("unit", "=", rule.unit)]
            twin = self.with_context(active_test=True).search(domain, limit=1)
            if twin:
                raise ValidationError(
                    self.env._(
                        "The rule “%(twin)s” already sends this message for the same event: "
                        "customers would receive it twice.",
                        twin=twin.name,
                    )
                )

    @api.onchange("model_id")
    def _onchange_model_id(self):
        self.status_selection_id = False
        self.status_ref = False
        self.date_field_id = False
        if self.template_id.model not in (False, "res.partner", self.model):
            self.template_id = False

    @api.onchange("channel")
    def _onchange_channel(self):
        if self.template_id.channel != self.channel:
            self.template_id = False

    # --- CRUD -------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        for rule, vals in zip(rules, vals_list, strict=True):
            if vals.get("name") and "name_custom" not in vals:  # named over RPC or by an import
                rule.name_custom = rule.name != rule._auto_name()
        self.env.registry.clear_cache()  # the write hook's rule cache, in every worker
        return rules

    def write(self, vals):
        result = super().write(vals)
        if "name" in vals and "name_custom" not in vals:
            for rule in self:
                rule.name_custom = bool(rule.name) and rule.name != rule._auto_name()
        self.env.registry.clear_cache()
        changed_meaning = {"model_id", "rule_type", "trigger", "date_field_id"} & set(vals)
        if ("active" in vals and not vals["active"]) or changed_meaning:
            # pending messages of a rule switched off or changed meaning would be wrong
            self._cancel_pending(self.env._("The rule was changed or switched off."))
        return result

    def unlink(self):
        self._cancel_pending(self.env._("The rule was deleted."))
        result = super().unlink()
        self.env.registry.clear_cache()
        return result

    # --- actions ----------------------------------------------------------------------
    def action_copy_to_all_companies(self):
        """Copy the selected rules to every other company the user works in (once)."""
        companies = self.env.user.company_ids
        created = self.browse()
        for rule in self:
            for company in companies - rule.company_id:
                if rule._twin_in(company):
                    continue
                calendar = (
                    rule.calendar_id if rule.calendar_id.company_id in (company, self.env["res.company"]) else False
                )
                created |= rule.copy(
                    {"company_id": company.id, "name": rule.name, "calendar_id": calendar and calendar.id}
                )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if created else "info",
                "message": self.env._("%(count)s rules copied.", count=len(created))
                if created
                else self.env._("Every company already has these rules."),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_planned(self):
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_messaging.messaging_outbox_action_planned")
        action["domain"] = [("rule_id", "in", self.ids)]
        return action

    # --- the rule cache (read by every create/write) ------------------------------------
    @api.model
    @tools.ormcache()
    def _rule_specs(self):
        """``{model: ((RuleSpec, ...), watched field names)}`` of every active rule, as plain values."""
        self.env.cr.execute(SQL("SELECT 1 FROM pg_class WHERE relname = 'messaging_rule'"))
        if not self.env.cr.fetchone():
            return {}  # while the module installs
        specs = defaultdict(list)
        # every active rule, once per registry (the cache): there are tens, not thousands
        for rule in self.sudo().with_context(active_test=True).search([]):  # pylint: disable=no-search-all
            if rule.model not in self.env:
                continue
            status_field = self.env[rule.model]._messaging_status_field()
            specs[rule.model].append(
                RuleSpec(
                    id=rule.id,
                    company_id=rule.company_id.id,
                    rule_type=rule.rule_type,
                    trigger=rule.trigger if rule.rule_type == "event" else None,
                    status_field=status_field,
                    status_value=rule._status_value(),
                    date_field=rule.date_field_id.name or None,
                    amount=rule.amount if (rule.delay or rule.rule_type == "reminder") else 0,
                    unit=rule.unit,
                    working_hours=rule.working_hours,
                    calendar_id=rule.calendar_id.id or None,
                    channel=rule.channel,
                    template_id=rule.template_id.id,
                    cap_exempt=rule.cap_exempt,
                )
            )
        return {model: (tuple(rules), self._watched_fields(model, rules)) for model, rules in specs.items()}

    @api.model
    def _watched_fields(self, model_name, rules):
        """The fields of ``model_name`` whose change may fire one of ``rules``."""
        fnames = set()
        model = self.env[model_name]
        for spec in rules:
            if spec.status_field and spec.trigger in ("status", "status_to"):
                fnames.add(spec.status_field)
            if spec.date_field:
                fnames.add(spec.date_field)
            if spec.rule_type == "reminder":
                fnames.update(f for f in ("active", "state") if f in model._fields)
        return frozenset(fnames)

    # --- what a rule means ----------------------------------------------------------------
    @api.model
    def _rule_models(self):
        """Models a rule may watch: documents with a chatter and a customer."""
        return sorted(
            name
            for name, model in self.env.items()
            if not model._abstract
            and not model._transient
            and name != "res.partner"
            and "message_ids" in model._fields
            and model._messaging_customer_field()
            and not name.startswith(("mail.", "messaging.", "ir.", "res."))
        )

    def _status_value(self):
        """The chosen status as stored: a selection key or a stage id (as text)."""
        self.ensure_one()
        if self.status_selection_id:
            return self.status_selection_id.value
        if self.status_ref:
            return str(self.status_ref)
        return None

    def _status_label(self):
        # the rule's own choice: readable by whoever reads the rule (the selection values'
        # model is for administrators)
        if self.status_selection_id:
            return self.status_selection_id.sudo().name
        if self.status_ref and self.status_ref_model in self.env:
            return self.env[self.status_ref_model].browse(self.status_ref).exists().display_name
        return None

    def _twin_in(self, company):
        return self.search_count(
            [
                ("company_id", "=", company.id),
                ("model_id", "=", self.model_id.id),
                ("rule_type", "=", self.rule_type),
                ("trigger", "=", self.trigger),
                ("status_selection_id", "=", self.status_selection_id.id),
                ("status_ref", "=", self.status_ref),
                ("date_field_id", "=", self.date_field_id.id),
                ("channel", "=", self.channel),
                ("template_id", "=", self.template_id.id),
            ],
            limit=1,
        )

    def _cancel_pending(self, reason):
        if self.ids:
            self.env["messaging.outbox"].sudo().search([("rule_id", "in", self.ids), ("state", "=", "pending")])._mark(
                "cancelled", "not_relevant", error=reason
            )

    # --- the write hook's work ------------------------------------------------------------
    @api.model
    def _status_key(self, value):
        if isinstance(value, models.BaseModel):
            return str(value.id) if value else None
        return None if value is False or value is None else str(value)

    @api.model
    def _date_key(self, value):
        if not value:
            return None
        return fields.Datetime.to_string(value) if isinstance(value, dt.datetime) else fields.Date.to_string(value)

    @api.model
    def _targets(self, records):
        """``(record, customer, company)``: the customer named on the document (the
        contact who ordered, not their company) gets its notifications."""
        fname = records._messaging_customer_field()
        if not fname:
            return []
        return [(record, record[fname], record._messaging_company()) for record in records if record[fname]]

    @api.model
    def _on_create(self, records, rules):
        """Rules fired by new documents: "created", and reminders of dates already set."""
        events = []
        for record, partner, company in self._targets(records):
            for spec in rules:
                if spec.company_id != company.id:
                    continue
                if spec.rule_type == "event" and spec.trigger == "create":
                    events.append(RuleEvent(spec, record, partner, company, "created", None))
                elif spec.rule_type == "reminder" and record[spec.date_field]:
                    events.append(
                        RuleEvent(spec, record, partner, company, None, self._date_key(record[spec.date_field]))
                    )
        self._plan(events)

    @api.model
    def _on_write(self, records, rules, fnames, old):
        """Rules fired by a write that changed ``fnames`` (``old``: values before, by id)."""
        events = []
        cancelled = []
        # a status reached again in a later transaction is a new occurrence; the same
        # write replayed in one transaction is not
        stamp = fields.Datetime.to_string(fields.Datetime.now())
        for record, partner, company in self._targets(records):
            before = old.get(record.id)
            if before is None:
                continue
            for spec in rules:
                if spec.company_id != company.id:
                    continue
                if spec.rule_type == "reminder":
                    if before["__cancelled"] is False and record._messaging_is_cancelled():
                        cancelled.append((spec, record, self.env._("The document was cancelled.")))
                        continue
                    if spec.date_field not in before or before[spec.date_field] == record[spec.date_field]:
                        continue
                    now = record[spec.date_field]
                    cancelled.append((spec, record, None if now else self.env._("The date was cleared.")))
                    if now and not record._messaging_is_cancelled():
                        events.append(RuleEvent(spec, record, partner, company, None, self._date_key(now)))
                    continue
                if spec.trigger in ("status", "status_to"):
                    if spec.status_field not in before:
                        continue
                    was = self._status_key(before[spec.status_field])
                    now = self._status_key(record[spec.status_field])
                    if was == now or (spec.trigger == "status_to" and now != spec.status_value):
                        continue
                    events.append(RuleEvent(spec, record, partner, company, f"status:{now}:{stamp}", now))
                elif spec.trigger == "date":
                    if spec.date_field not in before:
                        continue
                    now = record[spec.date_field]
                    if now and now != before[spec.date_field]:
                        key = self._date_key(now)
                        events.append(RuleEvent(spec, record, partner, company, f"date:{key}:{stamp}", key))
        if cancelled:
            self._cancel_reminders(cancelled)
        self._plan(events)

    @api.model
    def _cancel_reminders(self, cancelled):
        """Cancel pending reminders of moved, cleared or cancelled documents (one query per reason)."""
        by_reason = defaultdict(list)
        default = self.env._("The date moved.")
        for spec, record, reason in cancelled:
            by_reason[reason or default].append((spec.id, record._name, record.id))
        for reason, keys in by_reason.items():
            self.env["messaging.outbox"]._cancel_pending(keys, reason)

    @api.model
    def _plan(self, events):
        """Insert the outbox rows of fired rules, planned for when they may leave.

        ``events``: :class:`RuleEvent`; a row
        is (rule, document, recipient, channel, occurrence): a second insert of the
        same occurrence is a no-op. Reminders' occurrence is the date they are
        about, and a reminder cancelled because its date moved comes back if the
        date moves back.
        """
        if not events:
            return
        now = fields.Datetime.now()
        rows, revivable = [], []
        for event in events:
            spec, record, partner, company, expected = (
                event.spec,
                event.record,
                event.partner,
                event.company,
                event.expected,
            )
            try:
                planned = self._planned_at(spec, record, partner, company, now, expected)
            except (ScheduleError, UserError) as error:
                _logger.warning("notification rule %s: %s", spec.id, error)
                planned = now
            if planned is None:
                continue
            reminder = spec.rule_type == "reminder"
            occurrence = f"reminder:{expected}" if reminder else event.occurrence
            row = {
                "source": "rule",
                "event": spec.id,
                "occurrence": occurrence,
                # the event as every feature names it: one message for it, whoever plans it
                "document_event": None if reminder else record._messaging_document_event(spec.trigger),
                "company_id": company.id,
                "channel": spec.channel,
                "kind": "transactional",
                "template_id": spec.template_id,
                "model": record._name,
                "res_id": record.id,
                "partner_id": partner.id,
                "planned_at": planned,
                "rule_id": spec.id,
                "expected": expected,
                "capped": not spec.cap_exempt,
            }
            (revivable if reminder else rows).append(row)
        outbox = self.env["messaging.outbox"]
        outbox._enqueue(rows)
        outbox._enqueue(revivable, revive=True)
        soon = [row["planned_at"] for row in rows + revivable if row["planned_at"] <= now + dt.timedelta(minutes=5)]
        if soon:
            self.env["messaging.outbox"]._wake_after_commit(min(soon))

    @api.model
    def _planned_at(self, spec, record, partner, company, now, expected):
        """When the message of a fired rule may leave (naive UTC), or None: never."""
        tz = company_zone(company)
        if spec.rule_type == "reminder":
            due = self._due_moment(expected, tz)
            if due <= now:
                return None  # the date itself has passed: nothing to remind
            # too late for "N before"? the customer still hears of it, now
            planned = max(shift(due, -spec.amount, spec.unit, tz), now)
        else:
            planned = shift(now, spec.amount, spec.unit, tz) if spec.amount else now
        if spec.working_hours:
            calendar = self.env["resource.calendar"].browse(spec.calendar_id) if spec.calendar_id else None
            hours = opening_hours(calendar or company.resource_calendar_id)
            if hours is not None:
                planned = hours.next_open(planned) or planned
        if spec.channel == "sms":
            planned = sms_hours(company, partner).next_open(planned) or planned
        return planned

    @api.model
    def _due_moment(self, key, tz):
        """The moment a date key stands for: a date-time as is, a date at 09:00 in ``tz``
        (a reminder "1 day before" a due date then comes at 09:00 the day before)."""
        if len(key) > 10:
            return fields.Datetime.to_datetime(key)
        local = dt.datetime.combine(fields.Date.to_date(key), dt.time(9, 0))
        return local.replace(tzinfo=tz).astimezone(dt.timezone.utc).replace(tzinfo=None)

    @api.model
    def _not_relevant(self, records, rows):
        """``{reason: rows}`` of rule rows that must not leave (checked at send time).

        The rule is gone or off, the document was cancelled, its status moved on
        since the rule fired, its date moved or passed.
        """
        result = defaultdict(lambda: self.env["messaging.outbox"])
        now = fields.Datetime.now()
        by_id = {record.id: record for record in records}
        for row in rows:
            rule = row.rule_id
            record = by_id.get(row.res_id)
            if not rule or not rule.active:
                result[self.env._("The rule was deleted or switched off.")] |= row
                continue
            if record is None:
                continue
            if record._messaging_is_cancelled():
                result[self.env._("The document was cancelled.")] |= row
                continue
            if rule.rule_type == "reminder":
                current = self._date_key(record[rule.date_field_id.name])
                if not current:
                    result[self.env._("The date was cleared.")] |= row
                elif current != row.expected:
                    result[self.env._("The date moved.")] |= row
                elif self._due_moment(current, company_zone(row.company_id)) <= now:
                    result[self.env._("The date has passed.")] |= row
            elif rule.trigger in ("status", "status_to"):
                current = self._status_key(record[self.env[rule.model]._messaging_status_field()])
                if current != row.expected:
                    result[self.env._("Its status moved on since.")] |= row
            elif rule.trigger == "date":
                if self._date_key(record[rule.date_field_id.name]) != row.expected:
                    result[self.env._("The date changed again since.")] |= row
        return result
