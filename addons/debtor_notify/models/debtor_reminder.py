import base64
import datetime as dt
import hmac
import logging
import secrets
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError
from odoo.tools import SQL
from odoo.tools.translate import LazyTranslate

from odoo.addons.customer_messaging.tools.template_tags import TemplateTag

_lt = LazyTranslate(__name__)
_logger = logging.getLogger(__name__)

REMINDER_TAGS = [
    ("INVOICETABLE", _lt("Table of the overdue invoices, credit notes and payments, with their links")),
    ("TOTALDUE", _lt("Total still due (per currency)")),
    ("OLDESTDUEDATE", _lt("Due date of the oldest overdue invoice")),
    ("INVOICECOUNT", _lt("Number of overdue invoices")),
    ("PORTALLINK", _lt("Address of the page listing the overdue invoices (no login needed), for SMS")),
    ("PORTALBUTTON", _lt("Button opening the page listing the overdue invoices (no login needed)")),
    ("REMINDERLEVEL", _lt("Level of the reminder (friendly, firm, final...)")),
]


def format_balance(env, balance, lang=None):
    """``{currency: amount}`` as text, e.g. ``1 200,00 € + 50,00 $``; a currency that
    nets to zero is left out (unless all do)."""
    shown = {currency: amount for currency, amount in balance.items() if not currency.is_zero(amount)} or balance
    return " + ".join(
        tools.format_amount(env, amount, currency, lang_code=lang)
        for currency, amount in sorted(shown.items(), key=lambda item: item[0].name)
    )


#: the ``source`` of this module's rows in the suite's outbox
SOURCE = "debtor_notify"


class DebtorReminder(models.Model):
    """One reminder to one customer (its invoice address): the overdue invoices it
    lists, the message it became, and the token of its links.

    Reminders are sent through ``messaging.outbox`` (``kind="transactional"``): the
    dispatcher checks again, at send time, what is still due
    (``_messaging_outbox_not_relevant``), consent, opt-outs and the company's limits.
    """

    _name = "debtor.reminder"
    _description = "Payment Reminder"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, readonly=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Recipient", required=True, readonly=True, help="The invoice address of the invoices."
    )
    commercial_partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True, index=True)
    level_id = fields.Many2one("debtor.reminder.level", string="Level", readonly=True, ondelete="restrict")
    user_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    origin = fields.Selection([("manual", "Manual"), ("auto", "Automatic")], required=True, readonly=True)
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("skipped", "Not sent"), ("cancelled", "Cancelled")],
        required=True,
        default="queued",
        readonly=True,
        tracking=True,
    )
    reason = fields.Char(string="Why Not Sent", readonly=True)
    sent_date = fields.Datetime(readonly=True)
    expires_at = fields.Datetime(string="Links Valid Until", readonly=True)
    token = fields.Char(readonly=True, copy=False, groups="base.group_system")
    message_id = fields.Many2one("mail.message", string="Email", readonly=True, ondelete="set null")
    line_ids = fields.One2many("debtor.reminder.line", "reminder_id", string="Documents", readonly=True)
    kind = fields.Selection(
        [("overdue", "Overdue invoices"), ("upcoming", "Before the due date")],
        required=True,
        default="overdue",
        readonly=True,
    )
    thanked_at = fields.Datetime(
        string="Thanked On", readonly=True, copy=False, help="When the customer was thanked for paying everything."
    )
    attach_statement = fields.Boolean(
        string="Statement Attached",
        readonly=True,
        help="A statement of account (every open item of the customer) goes with the email.",
    )
    invoice_count = fields.Integer(string="Invoices", compute="_compute_invoice_count")

    _sql_constraints = [("token_unique", "UNIQUE(token)", "Reminder tokens are unique.")]

    @api.depends("line_ids.kind", "line_ids.state")
    def _compute_invoice_count(self):
        counts = defaultdict(int)
        for reminder, count in self.env["debtor.reminder.line"]._read_group(
            [("reminder_id", "in", self.ids), ("kind", "=", "invoice"), ("state", "!=", "dropped")],
            ["reminder_id"],
            ["__count"],
        ):
            counts[reminder.id] = count
        for reminder in self:
            reminder.invoice_count = counts[reminder.id]

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("token", secrets.token_urlsafe(32))
        return super().create(vals_list)

    # --- creating and sending -------------------------------------------------------
    @api.model
    def _debtor_create(self, moves, level, origin="manual", attach_statement=None, kind="overdue"):
        """One reminder per company, customer and invoice address of ``moves``;
        the current user follows them, so the customer's replies reach them.
        ``attach_statement``: whether a statement of account goes with them (default:
        the company's setting)."""
        groups = defaultdict(lambda: self.env["account.move"])
        for move in moves:
            groups[(move.company_id, move.commercial_partner_id, move.partner_id)] |= move
        today = fields.Date.context_today(self)
        vals_list = []
        for (company, customer, partner), group in groups.items():
            vals_list.append(
                {
                    "name": (
                        self.env._(
                            "Payment reminder %(customer)s, %(date)s",
                            customer=customer.name,
                            date=tools.format_date(self.env, today),
                        )
                        if kind == "overdue"
                        else self.env._(
                            "Due soon %(customer)s, %(date)s",
                            customer=customer.name,
                            date=tools.format_date(self.env, today),
                        )
                    ),
                    "kind": kind,
                    "company_id": company.id,
                    "partner_id": partner.id,
                    "commercial_partner_id": customer.id,
                    "level_id": level.id,
                    "user_id": self.env.uid,
                    "origin": origin,
                    "attach_statement": company.debtor_attach_statement
                    if attach_statement is None
                    else attach_statement,
                    "line_ids": [
                        Command.create(
                            {
                                "move_id": move.id,
                                "currency_id": move.currency_id.id,
                                "amount_residual": move.amount_residual,
                                "date_due": move.invoice_date_due,
                                "days_overdue": (today - move.invoice_date_due).days,
                            }
                        )
                        for move in group.sorted(lambda m: (m.invoice_date_due, m.id))
                    ],
                }
            )
        reminders = self.with_context(mail_create_nosubscribe=True, tracking_disable=True).create(vals_list)
        if origin == "manual":
            reminders.message_subscribe(partner_ids=self.env.user.partner_id.ids)
        return reminders

    def _debtor_enqueue(self, planned_at=None):
        """Outbox rows of these reminders (email, and SMS when the company wants it);
        the level's template is rendered in each recipient's language."""
        rows = []
        for reminder in self:
            company = reminder.company_id
            channels = ["email", "sms"] if company.debtor_use_sms and reminder.kind == "overdue" else ["email"]
            for channel in channels:
                # billing users send reminders without being template editors
                template = (
                    reminder.level_id.sudo()._debtor_template(channel)
                    if reminder.kind == "overdue"
                    else reminder._debtor_upcoming_template()
                )
                if not template:
                    if channel == "email":
                        raise UserError(
                            self.env._(
                                "The reminder level “%(level)s” has no email template.", level=reminder.level_id.name
                            )
                        )
                    continue
                rows.append(
                    {
                        "source": SOURCE,
                        "event": "reminder",
                        "company_id": company.id,
                        "channel": channel,
                        "kind": "transactional",
                        "template_id": template.id,
                        "model": self._name,
                        "res_id": reminder.id,
                        "partner_id": reminder.partner_id.id,
                        "planned_at": planned_at,
                    }
                )
        return self.env["messaging.outbox"].sudo()._enqueue(rows)

    def _debtor_upcoming_template(self):
        self.ensure_one()
        template = self.company_id.sudo().debtor_upcoming_template_id or self.env.ref(
            "debtor_notify.template_upcoming", raise_if_not_found=False
        )
        return template.sudo() if template and template.active else self.env["messaging.template"]

    def _debtor_send_now(self):
        """Send these reminders now, through the outbox (same checks as the
        dispatcher), in this transaction; the mails leave with Odoo's mail queue."""
        ids = self._debtor_enqueue()
        if ids:
            self.env["messaging.outbox"].sudo()._send_now(ids)

    def _debtor_outbox_rows(self):
        return (
            self.env["messaging.outbox"]
            .sudo()
            .search([("model", "=", self._name), ("res_id", "in", self.ids)], order="id")
        )

    # --- at send time ---------------------------------------------------------------
    def _messaging_outbox_not_relevant(self, rows):
        """Reminders with nothing left to pay are not sent (paid, credited or
        cancelled since they were planned); the others get today's amounts."""
        result = {}
        rows = rows.filtered(lambda row: row.event == "reminder")  # a thank-you has nothing to refresh
        reminders = self.browse(rows.mapped("res_id"))
        for reason, gone in reminders._debtor_refresh().items():
            bad = rows.filtered(lambda row, gone=gone: row.res_id in gone.ids)
            if bad:
                result[reason] = bad
        return result

    def _debtor_refresh(self):
        """Amounts as they are now; returns ``{reason: reminders}`` of the reminders
        that must not leave (nothing due left, or the customer wants no reminders)."""
        today = fields.Date.context_today(self)
        # the lines of an email already sent count too: its SMS may leave later (SMS hours, limits)
        lines = self.line_ids.filtered(lambda line: line.kind == "invoice" and line.state in ("todo", "reminded"))
        lines.move_id.invalidate_recordset()
        due = set()
        for line in lines:
            move = line.move_id
            if move._debtor_is_due():
                due.add(line.id)
                values = {
                    "amount_residual": move.amount_residual,
                    "date_due": move.invoice_date_due,
                    "days_overdue": (today - move.invoice_date_due).days,
                }
                if any(line[key] != value for key, value in values.items()):
                    line.write(values)
            elif line.state == "todo":
                line.write({"state": "dropped", "drop_reason": move._debtor_not_due_reason()})
        nothing_due, opted_out = self.env._("Nothing is due any more"), self.env._("The customer wants no reminders")
        gone = defaultdict(self.browse)
        for reminder in self:
            if reminder.commercial_partner_id.debtor_no_reminder:  # ticked since it was planned
                gone[opted_out] |= reminder
            elif reminder.state not in ("queued", "sent") or not any(line.id in due for line in reminder.line_ids):
                gone[nothing_due] |= reminder
            elif reminder.state == "queued":
                reminder._debtor_refresh_credits()
                balance = reminder._debtor_balance()
                if not any(amount > 0 for amount in balance.values()):
                    gone[reminder._debtor_in_credit_reason(balance)] |= reminder
        for reason, reminders in gone.items():
            reminders.filtered(lambda r: r.state == "queued").write({"state": "skipped", "reason": reason})
        return gone

    def _debtor_refresh_credits(self):
        """What else is open on the customer's account, as lines of the reminder:
        open credit notes and unused payments, which reduce what is due, and, when
        there are some, the other open invoices and amounts due they may be for —
        the very items ``account.move._debtor_account`` counts (the wizard's and the
        automatic run's figures), so that what the wizard shows is what is sent."""
        self.ensure_one()
        self.line_ids.filtered(lambda line: line.kind != "invoice").unlink()
        customer, company = self.commercial_partner_id, self.company_id
        listed = self.line_ids.filtered(lambda line: line.kind == "invoice").move_id
        groups = self.env["account.move.line"]._read_group(
            [
                ("account_id.account_type", "=", "asset_receivable"),
                ("reconciled", "=", False),
                ("parent_state", "=", "posted"),
                ("amount_residual", "!=", 0),
                ("partner_id", "child_of", customer.id),
                ("company_id", "=", company.id),
                ("move_id", "not in", listed.ids),
            ],
            ["move_id", "currency_id"],
            ["amount_residual_currency:sum", "amount_residual:sum"],
        )
        values = []
        for move, currency, amount, amount_company in groups:
            if currency.is_zero(amount):
                continue
            if amount_company < 0:
                # the credits may be there for the customer's other open items (a credit
                # note taking back an invoice not due yet): those are listed too, so that
                # the reminder adds up to the customer's whole account
                kind, date = ("credit", move.invoice_date) if move.move_type == "out_refund" else ("payment", move.date)
            elif move.move_type == "out_invoice":
                kind, date = "open", move.invoice_date_due
            else:  # a debit that is no invoice: a payment returned, a miscellaneous entry
                kind, date = "debit", move.date
            values.append(
                {
                    "reminder_id": self.id,
                    "move_id": move.id,
                    "kind": kind,
                    "state": "reminded",
                    "currency_id": currency.id,
                    "amount_residual": amount,
                    "date_due": date,
                }
            )
        if not any(value["kind"] in ("credit", "payment") for value in values):
            return  # nothing reduces what is due: the other open items change nothing
        self.env["debtor.reminder.line"].create(values)

    def _debtor_totals(self):
        """``(overdue, account)`` per currency: the reminded invoices, and the whole
        account (those invoices, the other open ones, less credits and payments)."""
        self.ensure_one()
        overdue, account = defaultdict(float), defaultdict(float)
        for line in self.line_ids.filtered(lambda line: line.state != "dropped"):
            account[line.currency_id] += line.amount_residual
            if line.kind == "invoice":
                overdue[line.currency_id] += line.amount_residual
        return overdue, account

    def _debtor_balance(self):
        """``{currency: amount}`` the customer owes today: the reminded invoices, never
        more than the whole account (see ``account.move._debtor_due_today``)."""
        overdue, account = self._debtor_totals()
        return {currency: currency.round(min(overdue.get(currency, 0.0), account[currency])) for currency in account}

    def _debtor_balance_differs(self):
        """Whether the whole account's balance differs from the total due (in some
        currency): only then is it worth a line of its own."""
        self.ensure_one()
        balance = self._debtor_balance()
        return any(
            not currency.is_zero(amount - balance.get(currency, 0.0))
            for currency, amount in self._debtor_totals()[1].items()
        )

    def _debtor_in_credit_reason(self, balance):
        return self.env._(
            "The customer owes nothing: credit notes and payments cover the overdue invoices (balance %s)",
            format_balance(self.env, balance),
        )

    # --- after sending --------------------------------------------------------------
    @api.model
    def _messaging_after_delivery(self, rows):
        """Reminders record what became of their messages once they are posted (or
        skipped), in the same transaction: invoice counters, chatter, links' expiry."""
        result = super()._messaging_after_delivery(rows)
        self.browse(rows.mapped("res_id")).exists()._debtor_after_delivery()
        return result

    def _debtor_after_delivery(self):
        """What the outbox did with these reminders' messages: sent reminders update
        the invoices' and customers' tracking and chatter; the others say why not."""
        rows_by_reminder = defaultdict(list)
        for row in self._debtor_outbox_rows():
            rows_by_reminder[row.res_id].append(row)
        sent = self.browse()
        for reminder in self.filtered(lambda r: r.state in ("queued", "skipped")):
            rows = rows_by_reminder.get(reminder.id, [])
            done = [row for row in rows if row.state == "done"]
            if done:
                email = next((row for row in done if row.channel == "email"), done[0])
                reminder.write({"message_id": email.message_id.id, "reason": False})
                sent |= reminder
            elif rows and all(row.state != "pending" for row in rows):
                reminder.write({"state": "skipped", "reason": reminder._debtor_reasons(rows)})
            elif any(row.reason == "quota" for row in rows):
                reminder.reason = self.env._("Waiting: over the sending limit")
        if sent:
            sent._debtor_mark_sent()

    def _debtor_reasons(self, rows):
        labels = dict(self.env["messaging.outbox"]._fields["reason"]._description_selection(self.env))
        channels = dict(self.env["messaging.outbox"]._fields["channel"]._description_selection(self.env))
        return "; ".join(f"{channels[row.channel]}: {row.error or labels.get(row.reason) or row.state}" for row in rows)

    def _debtor_mark_sent(self):
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        for reminder in self:
            company = reminder.company_id
            reminder.write(
                {
                    "state": "sent",
                    "sent_date": now,
                    "expires_at": now + dt.timedelta(days=company.debtor_link_days),
                }
            )
            lines = reminder.line_ids.filtered(lambda line: line.kind == "invoice" and line.state == "todo")
            lines.state = "reminded"
            moves = lines.move_id
            for move in moves:
                move._portal_ensure_token()  # the "pay online" button of the reminder page leads to it
            self.env.flush_all()
            if reminder.kind == "upcoming":
                # told once before the due date; the overdue reminders count on their own
                self.env.cr.execute(
                    SQL("UPDATE account_move SET debtor_upcoming_date = %s WHERE id = ANY(%s)", today, moves.ids)
                )
                moves.invalidate_recordset(["debtor_upcoming_date"])
                reminder._debtor_log_chatter(moves)
                if company.debtor_attach_pdf and reminder.message_id:
                    reminder._debtor_attach_pdfs(moves)
                if reminder.attach_statement and reminder.message_id:
                    reminder._debtor_attach_statement()
                continue
            # counters on posted invoices: a plain update, no accounting check nor recompute involved
            self.env.cr.execute(
                SQL(
                    """UPDATE account_move SET debtor_reminder_count = COALESCE(debtor_reminder_count, 0) + 1,
                          debtor_last_reminder_date = %s WHERE id = ANY(%s)""",
                    today,
                    moves.ids,
                ),
            )
            moves.invalidate_recordset(["debtor_reminder_count", "debtor_last_reminder_date"])
            customer = reminder.commercial_partner_id.with_company(company).sudo()
            values = {"debtor_last_reminder_date": today}
            if reminder.level_id:
                values["debtor_level_id"] = reminder.level_id.id
            customer.write(values)
            reminder._debtor_log_chatter(moves)
            if company.debtor_attach_pdf and reminder.message_id:
                reminder._debtor_attach_pdfs(moves)
            if reminder.attach_statement and reminder.message_id:
                reminder._debtor_attach_statement()

    def _debtor_log_chatter(self, moves):
        self.ensure_one()
        link = Markup('<a href="#" data-oe-model="%s" data-oe-id="%s">%s</a>') % (self._name, self.id, self.name)
        level = self.level_id.name or dict(self._fields["kind"]._description_selection(self.env))[self.kind]
        for move in moves:
            move.sudo()._message_log(
                body=Markup("%s %s")
                % (
                    self.env._(
                        "Payment reminder sent to %(recipient)s (%(level)s), %(amount)s due:",
                        recipient=self.partner_id.display_name,
                        level=level,
                        amount=tools.format_amount(self.env, move.amount_residual, move.currency_id),
                    ),
                    link,
                )
            )
        self.commercial_partner_id.sudo()._message_log(
            body=Markup("%s %s")
            % (
                self.env._(
                    "Payment reminder sent to %(recipient)s (%(level)s) for %(invoices)s.",
                    recipient=self.partner_id.display_name,
                    level=level,
                    invoices=", ".join(moves.mapped("name")),
                ),
                link,
            )
        )

    def _debtor_attach_pdfs(self, moves):
        self.ensure_one()
        report = self.env["ir.actions.report"].sudo()
        attachments = self.env["ir.attachment"]
        for move in moves:
            pdf, __ = report._render_qweb_pdf("account.account_invoices", move.ids)
            attachments |= attachments.sudo().create(
                {
                    "name": f"{move.name.replace('/', '_')}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": "mail.message",
                    "res_id": self.message_id.id,
                    "mimetype": "application/pdf",
                }
            )
        self.message_id.sudo().attachment_ids = [Command.link(attachment.id) for attachment in attachments]

    def _debtor_attach_statement(self):
        """Attach the customer's statement of account, in their language and the
        company's layout, to the reminder email."""
        self.ensure_one()
        customer = self.commercial_partner_id
        report = (
            self.env["ir.actions.report"]
            .sudo()
            .with_company(self.company_id)
            .with_context(lang=self.partner_id.lang or self.env.lang)
        )
        pdf, __ = report._render_qweb_pdf("debtor_notify.action_report_debtor_statement", customer.ids)
        name = customer.with_context(lang=self.partner_id.lang or self.env.lang)._debtor_statement_filename()
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": f"{name}.pdf",
                    "datas": base64.b64encode(pdf),
                    "res_model": "mail.message",
                    "res_id": self.message_id.id,
                    "mimetype": "application/pdf",
                }
            )
        )
        self.message_id.sudo().attachment_ids = [Command.link(attachment.id)]

    # --- template tags ----------------------------------------------------------------
    def _messaging_template_tags(self):
        tags = super()._messaging_template_tags()
        lang = self.env.lang or "en_US"
        return tags + [TemplateTag.offered(name, description, lang) for name, description in REMINDER_TAGS]

    def _messaging_template_values(self, partners):
        result = super()._messaging_template_values(partners)
        tokens = {reminder.id: reminder.token for reminder in self.sudo()}
        for reminder, partner, values in zip(self, partners, result, strict=True):
            lang = partner.lang or self.env.lang or "en_US"
            values.update(reminder.with_context(lang=lang)._debtor_values(tokens[reminder.id], lang))
        return result

    def _debtor_url(self, token, move=None, suffix=""):
        base = self.company_id.get_base_url()
        if move is None:
            return f"{base}/debtor_notify/{token}"
        return f"{base}/debtor_notify/{token}/invoice/{move.id}{suffix}"

    def _debtor_values(self, token, lang):
        """Values of the reminder's own tags, in ``lang``: a table of the overdue
        invoices, then the credit notes and payments that reduce them, then the net
        total per currency; the oldest due date."""
        self.ensure_one()
        env = self.env
        lines = self.line_ids.filtered(lambda line: line.state != "dropped")
        invoices = lines.filtered(lambda line: line.kind == "invoice")
        others = lines.filtered(lambda line: line.kind in ("open", "debit"))
        deductions = lines - invoices - others
        balance = self._debtor_balance()
        upcoming = self.kind == "upcoming"
        cell = "padding:4px 8px;border-bottom:1px solid #dee2e6;text-align:%s;"
        left, right = Markup('style="%s"') % (cell % "left"), Markup('style="%s"') % (cell % "right")
        head = Markup("").join(
            Markup("<th %s>%s</th>") % (left if index < 3 else right, label)
            for index, label in enumerate(
                [
                    env._("Reference"),
                    env._("Date"),
                    env._("Due Date"),
                    env._("Due In (Days)") if upcoming else env._("Days Overdue"),
                    env._("Amount"),
                    "",
                ]
            )
        )
        kinds = dict(self.env["debtor.reminder.line"]._fields["kind"]._description_selection(env))

        def row(line):
            move = line.move_id
            link = (
                Markup('<a href="%s">%s</a>') % (self._debtor_url(token, move), env._("View / download"))
                if line.kind in ("invoice", "credit", "open")
                else ""
            )
            reference = move.name if line.kind == "invoice" else f"{move.name} ({kinds[line.kind]})"
            cells = [
                reference,
                tools.format_date(env, move.invoice_date or move.date, lang_code=lang),
                tools.format_date(env, line.date_due, lang_code=lang) if line.kind == "invoice" else "",
                str(-line.days_overdue if upcoming else line.days_overdue) if line.kind == "invoice" else "",
                tools.format_amount(env, line.amount_residual, line.currency_id, lang_code=lang),
                link,
            ]
            return Markup("<tr>%s</tr>") % Markup("").join(
                Markup("<td %s>%s</td>") % (left if index < 3 else right, value) for index, value in enumerate(cells)
            )

        def section(label):
            return Markup('<tr><td colspan="6" style="padding:8px 8px 4px;font-weight:bold;">%s</td></tr>') % label

        def total(label, amount):
            return Markup(
                '<tr><td colspan="4" style="padding:6px 8px;font-weight:bold;text-align:right;">%s</td>'
                '<td style="padding:6px 8px;font-weight:bold;text-align:right;">%s</td><td></td></tr>'
            ) % (label, amount)

        body = [section(env._("Invoices due soon") if upcoming else env._("Overdue invoices"))]
        body += [row(line) for line in invoices]
        total_due = format_balance(env, balance, lang)
        if deductions:
            body.append(section(env._("Less: credit notes and payments not yet used")))
            body += [row(line) for line in deductions]
            if others:
                body.append(section(env._("Your other open invoices")))
                body += [row(line) for line in others]
                if self._debtor_balance_differs():
                    body.append(
                        total(env._("Balance of your account"), format_balance(env, self._debtor_totals()[1], lang))
                    )
            body.append(total(env._("Total due"), total_due))
        table = Markup(
            '<table class="o_debtor_invoices" style="border-collapse:collapse;width:100%%;font-size:13px;">'
            "<thead><tr>%s</tr></thead><tbody>%s</tbody></table>"
        ) % (head, Markup("").join(body))
        if self.attach_statement:
            table += Markup('<p style="margin:8px 0 0;">%s</p>') % env._(
                "Your statement of account, with every open item, is attached."
            )
        oldest = min(invoices.mapped("date_due")) if invoices else None
        return {
            "invoicetable": table,
            "totaldue": total_due,
            "oldestduedate": tools.format_date(env, oldest, lang_code=lang) if oldest else None,
            "invoicecount": len(invoices),
            "portallink": self._debtor_url(token),
            "portalbutton": Markup(
                '<a href="%s" style="display:inline-block;padding:8px 16px;background-color:%s;color:#ffffff;'
                'text-decoration:none;border-radius:4px;">%s</a>'
            )
            % (self._debtor_url(token), self.company_id.primary_color or "#875A7B", env._("View and pay my invoices")),
            "reminderlevel": self.level_id.name or None,
        }

    # --- public links -----------------------------------------------------------------
    @api.model
    def _debtor_find_by_token(self, token):
        """The sent reminder a link names, if still valid; else an empty recordset.

        Wrong, expired and cancelled tokens all give the same empty answer."""
        if not token or len(token) > 64:
            return self.browse()
        reminder = self.sudo().search([("token", "=", token), ("state", "=", "sent")], limit=1)
        if not reminder or not hmac.compare_digest(reminder.token, token):
            return self.browse()
        if not reminder.expires_at or reminder.expires_at < fields.Datetime.now():
            return self.browse()
        return reminder

    def _debtor_documents(self):
        """Documents the reminder's links may open (invoices reminded, credit notes)."""
        self.ensure_one()
        return self.line_ids.filtered(
            lambda line: line.state == "reminded" and line.kind in ("invoice", "credit", "open")
        ).move_id

    def _debtor_can_pay(self, move):
        """Whether the invoice can be paid online: Odoo's own rule (online payment
        on, still due, no payment pending) and a payment provider of its company."""
        move = move.sudo()
        if not hasattr(move, "_has_to_be_paid") or not move._debtor_is_due() or not move._has_to_be_paid():
            return False
        return self._debtor_has_provider(move.company_id)

    @api.model
    def _debtor_has_provider(self, company):
        """Whether ``company`` has a payment provider its customers can pay through."""
        if "payment.provider" not in self.env:
            return False
        return bool(
            self.env["payment.provider"]
            .sudo()
            .search_count([("state", "in", ("enabled", "test")), ("company_id", "=", company.id)], limit=1)
        )

    # --- automatic reminders ----------------------------------------------------------
    @api.model
    def _debtor_plan_automatic(self, company, today=None):
        """What the next automatic run sends for ``company``: a list of
        ``(level, invoices)``, one per customer and invoice address.

        A customer gets the level after the one it reached, once the level's days
        have passed (days overdue for the first level, days since the previous
        reminder for the others) and at least the company's minimum days between
        reminders; a customer with a reminder still queued waits for it."""
        today = today or fields.Date.context_today(self)
        candidates = self.env["account.move"]._debtor_candidates(
            company, company.debtor_min_days_overdue, company.debtor_min_days_between, today=today
        )
        # a customer with a reminder waiting, or one sent today (before the due date too), waits
        queued = set(
            self.search(
                [
                    ("company_id", "=", company.id),
                    "|",
                    ("state", "=", "queued"),
                    "&",
                    ("state", "=", "sent"),
                    ("sent_date", ">=", fields.Datetime.to_datetime(today)),
                ]
            ).commercial_partner_id.ids
        )
        by_customer = defaultdict(list)
        for row in candidates:
            if row["customer_id"] not in queued:
                by_customer[row["customer_id"]].append(row)
        # a customer whose credit notes and payments cover the overdue invoices owes nothing
        owed = defaultdict(dict)
        for customer_id, rows in by_customer.items():
            for row in rows:
                owed[customer_id][row["currency_id"]] = (
                    owed[customer_id].get(row["currency_id"], 0.0) + row["amount_residual"]
                )
        moves = self.env["account.move"]
        listed = moves.browse([row["move_id"] for rows in by_customer.values() for row in rows])
        accounts = moves._debtor_account(company, self.env["res.partner"].browse(list(owed)), listed)
        for customer_id, amounts in owed.items():
            due = moves._debtor_due_today(amounts, accounts.get(customer_id, {}))
            if not any(amount > 0 for amount in due.values()):
                del by_customer[customer_id]
        levels = self.env["debtor.reminder.level"]
        first = levels._debtor_next(company)
        plans = []
        for customer in self.env["res.partner"].with_company(company).browse(list(by_customer)):
            reached = customer.debtor_level_id
            level = reached._debtor_next(company) if reached else first
            if not level:
                continue  # the final level was sent: a person decides what comes next
            if not level.sudo()._debtor_template("email"):
                # one level set up badly must not stop the run for every customer and company
                _logger.warning("debtor_notify: level %s has no email template; %s waits", level.name, customer.name)
                continue
            last = customer.debtor_last_reminder_date
            rows = by_customer[customer.id]
            if reached:
                wait = max(level.delay_days, company.debtor_min_days_between)
                if last and (today - last).days < wait:
                    continue
            else:
                if last and (today - last).days < company.debtor_min_days_between:
                    continue
                rows = [row for row in rows if row["days_overdue"] >= level.delay_days]
            if rows:
                plans.append((level, self.env["account.move"].browse([row["move_id"] for row in rows])))
        return plans

    @api.model
    def _debtor_reset_levels(self, company, today=None):
        """Customers with nothing overdue any more start again from the first level."""
        today = today or fields.Date.context_today(self)
        partners = self.env["res.partner"].with_company(company).search([("debtor_level_id", "!=", False)])
        if not partners:
            return
        self.env["account.move"].flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT commercial_partner_id FROM account_move
                WHERE move_type = 'out_invoice' AND state = 'posted' AND payment_state IN ('not_paid', 'partial')
                  AND company_id = %s AND invoice_date_due < %s AND commercial_partner_id = ANY(%s)""",
                company.id,
                today,
                partners.ids,
            ),
        )
        still = {row[0] for row in self.env.cr.fetchall()}
        partners.filtered(lambda p: p.id not in still).sudo().write({"debtor_level_id": False})

    @api.model
    def _cron_send_reminders(self):
        """The daily run: for each company with automatic reminders, plan and put
        them in the outbox; the outbox's dispatcher sends them in batches."""
        for company in self.env["res.company"].search([("debtor_auto", "=", True)]):
            self_company = self.with_company(company)
            self_company._debtor_reset_levels(company)
            reminders = self.browse()
            for level, moves in self_company._debtor_plan_automatic(company):
                reminders |= self_company._debtor_create(moves, level, origin="auto")
            reminders._debtor_enqueue()
        # before the due date: after the overdue reminders, to customers not reminded today
        for company in self.env["res.company"].search([("debtor_upcoming_days", ">", 0)]):
            self_company = self.with_company(company)
            moves = self_company._debtor_plan_upcoming(company)
            if moves:
                self_company._debtor_create(
                    moves, self.env["debtor.reminder.level"], origin="auto", kind="upcoming"
                )._debtor_enqueue()

    @api.model
    def _debtor_plan_upcoming(self, company, today=None):
        """Invoices of ``company`` falling due within its days before the due date, not
        told yet, of customers who get no other reminder today (one query for the
        invoices, one for the customers reminded today)."""
        today = today or fields.Date.context_today(self)
        moves = self.env["account.move"]
        moves.flush_model()
        self.env["res.partner"].flush_model(["debtor_no_reminder"])
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """SELECT m.id FROM account_move m JOIN res_partner cp ON cp.id = m.commercial_partner_id
                    WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                      AND m.payment_state IN ('not_paid', 'partial') AND m.amount_residual > 0
                      AND m.company_id = %(company)s AND m.debtor_upcoming_date IS NULL
                      AND m.invoice_date_due > %(today)s AND m.invoice_date_due <= %(until)s
                      AND cp.debtor_no_reminder IS NOT TRUE
                      AND NOT EXISTS (
                          SELECT 1 FROM debtor_reminder r
                           WHERE r.company_id = m.company_id AND r.commercial_partner_id = m.commercial_partner_id
                             AND (r.state = 'queued' OR (r.state = 'sent' AND r.sent_date >= %(today)s)))
                    ORDER BY m.invoice_date_due, m.id""",
                company=company.id,
                today=today,
                until=today + dt.timedelta(days=company.debtor_upcoming_days),
            )
        )
        return moves.browse([row[0] for row in self.env.cr.fetchall()])

    @api.model
    def _cron_thank_payers(self):
        """Plan one thank-you for each reminded customer who has paid everything due
        since (every invoice of their reminders, and no other overdue invoice), in the
        companies that want it. Three statements per company, whatever the number of
        customers; each reminder leads to one thank-you at most."""
        now = fields.Datetime.now()
        today = fields.Date.context_today(self)
        outbox = self.env["messaging.outbox"].sudo()
        self.env.flush_all()
        planned = []
        for company in self.env["res.company"].sudo().search([("debtor_thank_you", "=", True)]):
            template = company.debtor_thank_you_template_id or self.env.ref(
                "debtor_notify.template_thank_you", raise_if_not_found=False
            )
            if not template:
                continue
            self.env.cr.execute(
                SQL(
                    """UPDATE debtor_reminder r SET thanked_at = %(now)s
                        WHERE r.company_id = %(company)s AND r.state = 'sent' AND r.thanked_at IS NULL
                          AND r.sent_date > %(since)s
                          AND NOT EXISTS (
                              SELECT 1 FROM debtor_reminder_line l JOIN account_move m ON m.id = l.move_id
                               WHERE l.reminder_id = r.id AND l.kind = 'invoice'
                                 AND m.payment_state NOT IN ('paid', 'in_payment', 'reversed'))
                          AND NOT EXISTS (
                              SELECT 1 FROM account_move m
                               WHERE m.commercial_partner_id = r.commercial_partner_id
                                 AND m.company_id = r.company_id AND m.state = 'posted'
                                 AND m.move_type = 'out_invoice' AND m.payment_state IN ('not_paid', 'partial')
                                 AND m.invoice_date_due < %(today)s)
                    RETURNING r.id, r.commercial_partner_id, r.partner_id""",
                    now=now,
                    company=company.id,
                    since=now - dt.timedelta(days=company.debtor_link_days),
                    today=today,
                )
            )
            latest = {}
            for reminder_id, customer_id, partner_id in self.env.cr.fetchall():
                if reminder_id > latest.get(customer_id, (0, 0))[0]:
                    latest[customer_id] = (reminder_id, partner_id)
            rows = [
                {
                    "source": SOURCE,
                    "event": "thanks",
                    "occurrence": reminder_id,
                    "company_id": company.id,
                    "channel": "email",
                    "kind": "transactional",
                    "template_id": template.id,
                    "model": self._name,
                    "res_id": reminder_id,
                    "partner_id": partner_id,
                }
                for reminder_id, partner_id in latest.values()
            ]
            planned += outbox._enqueue(rows)
        self.invalidate_model(["thanked_at"])
        if planned:
            outbox._wake_after_commit(now)
        return planned

    # --- actions ----------------------------------------------------------------------
    def action_cancel(self):
        queued = self.filtered(lambda r: r.state == "queued")
        queued._debtor_outbox_rows().action_cancel()
        queued.write({"state": "cancelled"})

    def action_open_message(self):
        self.ensure_one()
        return self.message_id.action_messaging_open()
