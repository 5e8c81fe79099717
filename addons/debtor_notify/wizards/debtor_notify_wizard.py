from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..models.debtor_reminder import format_balance


class DebtorNotifyWizard(models.TransientModel):
    """Notify unpaid invoices: the overdue invoices of some customers (or all),
    filtered by days overdue and days since their last reminder, all ticked; the
    counts of invoices and recipients before sending.  Also shows what the next
    automatic run will send (``mode="preview"``)."""

    _name = "debtor.notify.wizard"
    _description = "Notify Unpaid Invoices"

    mode = fields.Selection([("manual", "Send"), ("preview", "Next automatic run")], default="manual", required=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft", required=True)
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    partner_ids = fields.Many2many(
        "res.partner", string="Customers", help="Empty: every customer with overdue invoices."
    )
    min_days_overdue = fields.Integer(
        string="Days Overdue at Least", default=lambda self: self.env.company.debtor_min_days_overdue
    )
    min_days_since_reminder = fields.Integer(
        string="Days Since Last Reminder at Least",
        default=lambda self: self.env.company.debtor_min_days_between,
        help="Invoices never reminded are always listed.",
    )
    level_id = fields.Many2one(
        "debtor.reminder.level",
        string="Level",
        default=lambda self: self.env["debtor.reminder.level"]._debtor_next(self.env.company),
        domain="[('company_id', 'in', [company_id, False])]",
        help="Its template (in each customer's language) is the message sent.",
    )
    attach_statement = fields.Boolean(
        string="Attach a Statement",
        compute="_compute_attach_statement",
        store=True,
        readonly=False,
        help="A statement of account (every open item of the customer, in the company layout) goes with each reminder.",
    )
    line_ids = fields.One2many("debtor.notify.wizard.line", "wizard_id", string="Invoices")
    invoice_count = fields.Integer(string="Invoices to Remind", compute="_compute_counts")
    recipient_count = fields.Integer(string="Recipients", compute="_compute_counts")
    skipped_count = fields.Integer(string="Customers Skipped", compute="_compute_counts")
    result = fields.Html(readonly=True, sanitize=False)
    left_out = fields.Char(string="Left Out", readonly=True, help='Chosen customers marked "No payment reminders".')
    consent_policy = fields.Char(compute="_compute_consent_policy", string="Consent")

    @api.depends("company_id")
    def _compute_consent_policy(self):
        """Which customers a reminder may go to, as the company's Settings say: the rule
        behind the "no consent" and "opted out" reasons of the list."""
        for wizard in self:
            if (wizard.company_id or self.env.company).messaging_service_consent == "not_opted_out":
                wizard.consent_policy = self.env._(
                    "Reminders go to every customer who did not opt out (Settings: service messages)."
                )
            else:
                wizard.consent_policy = self.env._(
                    "Reminders go only to customers who accepted messages (Settings: service messages)."
                )

    @api.depends("line_ids.selected", "line_ids.skip_reason")
    def _compute_counts(self):
        for wizard in self:
            selected = wizard.line_ids.filtered("selected")
            recipients = {(line.move_id.company_id.id, line.customer_id.id, line.partner_id.id) for line in selected}
            skipped = {
                (line.move_id.company_id.id, line.customer_id.id, line.partner_id.id)
                for line in selected
                if line.skip_reason
            }
            wizard.invoice_count = len(selected)
            wizard.recipient_count = len(recipients - skipped)
            wizard.skipped_count = len(skipped)

    @api.onchange("partner_ids", "min_days_overdue", "min_days_since_reminder", "company_id")
    def _onchange_filters(self):
        self.line_ids = self._debtor_prepare_lines()
        self.left_out = self._debtor_left_out()

    @api.model_create_multi
    def create(self, vals_list):
        wizards = super().create(vals_list)
        for wizard, vals in zip(wizards, vals_list, strict=True):
            if "line_ids" not in vals:
                wizard.line_ids = wizard._debtor_prepare_lines()
                wizard.left_out = wizard._debtor_left_out()
        return wizards

    def _debtor_prepare_lines(self):
        """Commands filling the list: the candidates (or the automatic run's plan),
        each marked with why its customer cannot receive it."""
        self.ensure_one()
        if self.min_days_overdue < 0 or self.min_days_since_reminder < 0:
            raise UserError(self.env._("Day counts cannot be negative."))
        company = self.company_id or self.env.company
        levels = {}
        if self.mode == "preview":
            moves = self.env["account.move"]
            for level, plan_moves in self.env["debtor.reminder"]._debtor_plan_automatic(company):
                moves |= plan_moves
                levels.update(dict.fromkeys(plan_moves.ids, level.id))
            rows = [
                row for row in self.env["account.move"]._debtor_candidates(company, 0, 0) if row["move_id"] in levels
            ]
        else:
            customers = self.partner_ids.commercial_partner_id if self.partner_ids else None
            rows = self.env["account.move"]._debtor_candidates(
                company, self.min_days_overdue, self.min_days_since_reminder, customers=customers
            )
        reasons = self._debtor_skip_reasons(
            company, self.env["res.partner"].browse({row["partner_id"] for row in rows})
        )
        balances = self._debtor_balances(company, rows)
        in_credit = {
            customer_id: self._debtor_in_credit_reason(balance)
            for customer_id, balance in balances.items()
            if not any(amount > 0 for amount in balance.values())
        }
        commands = [Command.clear()]
        for row in rows:
            commands.append(
                Command.create(
                    {
                        "move_id": row["move_id"],
                        "customer_id": row["customer_id"],
                        "partner_id": row["partner_id"],
                        "date_due": row["date_due"],
                        "days_overdue": row["days_overdue"],
                        "currency_id": row["currency_id"],
                        "amount_residual": row["amount_residual"],
                        "reminder_count": row["reminder_count"] or 0,
                        "last_reminder_date": row["last_reminder_date"],
                        "level_id": levels.get(row["move_id"]),
                        "balance": balances[row["customer_id"]].get(
                            self.env["res.currency"].browse(row["currency_id"])
                        ),
                        "skip_reason": in_credit.get(row["customer_id"]) or reasons.get(row["partner_id"]),
                    }
                )
            )
        return commands

    def _debtor_balances(self, company, rows):
        """``{customer id: {currency: amount}}`` each customer owes today: the listed
        invoices, less the credit notes and payments its whole account leaves over."""
        owed = {}
        for row in rows:
            per_currency = owed.setdefault(row["customer_id"], {})
            per_currency[row["currency_id"]] = per_currency.get(row["currency_id"], 0.0) + row["amount_residual"]
        moves = self.env["account.move"]
        listed = moves.browse([row["move_id"] for row in rows])
        accounts = moves._debtor_account(company, self.env["res.partner"].browse(list(owed)), listed)
        return {
            customer_id: moves._debtor_due_today(amounts, accounts.get(customer_id, {}))
            for customer_id, amounts in owed.items()
        }

    def _debtor_in_credit_reason(self, balance):
        return self.env._("Skipped: in credit, owes nothing (balance %s)", format_balance(self.env, balance))

    def _debtor_left_out(self):
        """The chosen customers that never get reminders, named (not silently dropped)."""
        quiet = self.partner_ids.commercial_partner_id.filtered("debtor_no_reminder")
        if not quiet:
            return False
        return self.env._(
            "Left out, marked “No payment reminders”: %(customers)s",
            customers=", ".join(quiet.mapped("display_name")),
        )

    def _debtor_skip_reasons(self, company, partners):
        """``{partner id: "Skipped: no email"...}`` for recipients no channel reaches."""
        service = self.env["messaging.service"]
        checks = service._check_recipients(partners, "email", "transactional", company)
        sms = service._check_recipients(partners, "sms", "transactional", company) if company.debtor_use_sms else {}
        reasons = {}
        for partner_id, (__, reason) in checks.items():
            if reason and (not sms or sms[partner_id][1]):
                reasons[partner_id] = self.env._("Skipped: %(reason)s", reason=service._reason_label(reason).lower())
        return reasons

    # --- actions ----------------------------------------------------------------------
    def action_refresh(self):
        self.line_ids = self._debtor_prepare_lines()
        self.left_out = self._debtor_left_out()
        return self._debtor_reopen()

    def action_select_all(self):
        self.line_ids.selected = True
        return self._debtor_reopen()

    def action_select_none(self):
        self.line_ids.selected = False
        return self._debtor_reopen()

    @api.depends("company_id")
    def _compute_attach_statement(self):
        for wizard in self:
            wizard.attach_statement = wizard.company_id.debtor_attach_statement

    def action_send(self):
        """One reminder per customer (and invoice address) with the ticked invoices,
        sent now through the sending path; what happened is shown in the wizard."""
        self.ensure_one()
        if self.mode != "manual" or self.state != "draft":
            raise UserError(self.env._("This list was already sent."))
        moves = self.line_ids.filtered("selected").move_id
        if not moves:
            raise UserError(self.env._("Tick at least one invoice to remind."))
        if not self.level_id:
            raise UserError(self.env._("Choose the reminder level (its template is the message sent)."))
        reminders = self.env["debtor.reminder"]._debtor_create(
            moves, self.level_id, attach_statement=self.attach_statement
        )
        reminders._debtor_send_now()
        self.write({"state": "done", "result": self._debtor_result(reminders)})
        return self._debtor_reopen()

    def _debtor_result(self, reminders):
        sent = reminders.filtered(lambda r: r.state == "sent")
        items = [
            Markup("<li>%s</li>")
            % self.env._(
                "%(recipient)s: not sent (%(reason)s)",
                recipient=reminder.partner_id.display_name,
                reason=reminder.reason,
            )
            for reminder in reminders - sent
        ]
        summary = self.env._(
            "%(sent)s reminder(s) sent, %(invoices)s invoice(s); %(skipped)s not sent.",
            sent=len(sent),
            invoices=sum(sent.mapped("invoice_count")),
            skipped=len(reminders - sent),
        )
        return Markup("<p>%s</p><ul>%s</ul>") % (summary, Markup("").join(items))

    def _debtor_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "name": self.env._("Notify Unpaid Invoices"),
            "context": {"dialog_size": "extra-large"},
        }

    @api.model
    def _debtor_wizard_action(self, customers):
        action = self.env["ir.actions.act_window"]._for_xml_id("debtor_notify.debtor_notify_wizard_action")
        action["context"] = {"default_partner_ids": customers.ids, "dialog_size": "extra-large"}
        return action

    @api.model
    def _debtor_preview_action(self, company):
        wizard = self.create({"mode": "preview", "company_id": company.id})
        action = wizard._debtor_reopen()
        action["name"] = self.env._("Next Automatic Run")
        return action
