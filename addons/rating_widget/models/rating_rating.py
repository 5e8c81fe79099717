import datetime as dt
import hashlib
import hmac
import secrets
import time

from odoo import Command, api, fields, models, tools
from odoo.tools import SQL

from odoo.addons.customer_messaging.tools.sql_insert import insert_rows

from ..tools.widget import FACES, URL_PLACEHOLDER, widget_html, widget_text

FORM_SCOPE = "rating_widget.form"
#: scores up to this one ask "What went wrong?"
LOW_SCORE = 2
#: rating reminders planned per company and cron run (the next run takes the rest)
REMINDERS_PER_RUN = 5000


class RatingRating(models.Model):
    _inherit = "rating.rating"

    rating_widget_request = fields.Boolean(
        string="From the Rating Widget",
        readonly=True,
        index="btree_not_null",
        help="Asked by a rating link in a message.",
    )
    rating_widget_expires_at = fields.Datetime(string="Link Expires", readonly=True)
    rating_widget_rated_at = fields.Datetime(string="Rated On", readonly=True, index="btree_not_null")
    rating_widget_user_id = fields.Many2one("res.users", string="Responsible", readonly=True, index="btree_not_null")
    rating_widget_team = fields.Char(string="Team", readonly=True)
    rating_widget_company_id = fields.Many2one("res.company", string="Company", readonly=True)
    rating_widget_customer_id = fields.Many2one(
        "res.partner", string="Customer Company", readonly=True, index="btree_not_null", ondelete="cascade"
    )
    rating_widget_reason_ids = fields.Many2many(
        "rating_widget.reason",
        "rating_rating_widget_reason_rel",
        "rating_id",
        "reason_id",
        string="What Went Wrong",
        readonly=True,
        help="The reasons the customer ticked with a score of 1 or 2 out of 5.",
    )
    # the Response Rate report: requests sent (count), rated, rate, average score
    rating_widget_request_count = fields.Integer(
        string="Requests Sent", compute="_compute_rating_widget_response", store=True, aggregator="sum"
    )
    rating_widget_rated_count = fields.Integer(
        string="Rated", compute="_compute_rating_widget_response", store=True, aggregator="sum"
    )
    rating_widget_response_rate = fields.Integer(
        string="Response Rate (%)", compute="_compute_rating_widget_response", store=True, aggregator="avg"
    )
    rating_widget_score = fields.Float(
        string="Average Score",
        compute="_compute_rating_widget_response",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="The score of the rated requests (requests not rated are left out of the average).",
    )
    rating_widget_reminded_at = fields.Datetime(string="Reminded On", readonly=True, copy=False)
    # who rated: a hash of the rater's browser cookie, and the last form accepted (one-time forms)
    rating_widget_browser_hash = fields.Char(
        string="Rater's Browser", readonly=True, copy=False, groups="base.group_system"
    )
    rating_widget_form_issued = fields.Float(
        string="Last Form Accepted", readonly=True, copy=False, groups="base.group_system", digits=(16, 6)
    )

    @api.depends("consumed", "rating", "rating_widget_request")
    def _compute_rating_widget_response(self):
        for rating in self:
            rated = rating.rating_widget_request and rating.consumed
            rating.rating_widget_request_count = 1 if rating.rating_widget_request else 0
            rating.rating_widget_rated_count = 1 if rated else 0
            rating.rating_widget_response_rate = 100 if rated else 0
            rating.rating_widget_score = rating.rating if rated else False

    def init(self):
        result = super().init()
        # one pending request per document and customer: the link of every message about it is the same
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS rating_rating_rw_pending_uniq "
                "ON rating_rating (res_model, res_id, partner_id) WHERE rating_widget_request AND NOT consumed"
            )
        )
        # the public page finds its rating by token (Odoo's access_token has no index)
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS rating_rating_rw_token_idx "
                "ON rating_rating (access_token) WHERE rating_widget_request"
            )
        )
        return result

    # --- requests: the widget and its token ------------------------------------------
    @api.model
    def _rating_widget_html(self, model, res_id, partner_id, scope):
        """The widget for one document and customer, in the scope's mode.

        The token is created on first use and reused by every later message
        about the same document to the same customer until they rate. The tokens
        of every document of the scope (a batch of the outbox) are created at the
        first widget, in one statement, and kept in the scope for the others."""
        key = (model, res_id, partner_id)
        record = self.env[model].browse(res_id)
        if scope.preview:
            url = "#"
        else:
            tokens = scope.shared.setdefault("rating_widget.tokens", {})
            if key not in tokens:
                pending = [ref for ref in scope.documents if ref not in tokens] or [key]
                if key not in pending:
                    pending.append(key)
                tokens.update(self._rating_widget_request_tokens(pending))
            url = f"{self._rating_widget_base_url(record)}/rating_widget/{tokens[key]}"
        lang = self.env["res.partner"].browse(partner_id).lang or self.env.lang or "en_US"
        return self._rating_widget_static_html(record._messaging_company().id, lang, scope.mode).replace(
            URL_PLACEHOLDER, url
        )

    @api.model
    def _rating_widget_base_url(self, record):
        cache = self.env.cr.cache.setdefault("rating_widget_base_url", {})
        company = record._messaging_company().id
        if company not in cache:
            cache[company] = record.get_base_url()
        return cache[company]

    @api.model
    def _rating_widget_static_html(self, company_id, lang, mode):
        """The widget of a company in a language, its link left to fill: built once
        per transaction (labels translated, HTML escaped), then only the link changes."""
        cache = self.env.cr.cache.setdefault("rating_widget_static", {})
        style = self.env["res.company"].browse(company_id).rating_widget_style or "stars"
        key = (company_id, lang, mode, style)
        if key not in cache:
            env = self.with_context(lang=lang).env
            if mode == "text":
                cache[key] = widget_text(URL_PLACEHOLDER, env._("Rate us:"))
            else:
                html = widget_html(
                    URL_PLACEHOLDER, style, env._("How satisfied are you?"), self._rating_widget_score_labels(env)
                )
                cache[key] = html
        return cache[key]

    @api.model
    def _rating_widget_score_labels(self, env):
        return {
            1: env._("1 out of 5: very dissatisfied"),
            2: env._("2 out of 5: dissatisfied"),
            3: env._("3 out of 5: okay"),
            4: env._("4 out of 5: satisfied"),
            5: env._("5 out of 5: very satisfied"),
        }

    @api.model
    def _rating_widget_request_token(self, record, partner):
        """The token of the pending rating of ``record`` by ``partner`` (see
        :meth:`_rating_widget_request_tokens`)."""
        return self._rating_widget_request_tokens([(record._name, record.id, partner.id)])[
            (record._name, record.id, partner.id)
        ]

    @api.model
    def _rating_widget_request_tokens(self, refs):
        """``{(model, res_id, partner_id): token}``: the pending rating of each
        document by each customer, created where there is none.

        One ``INSERT ... ON CONFLICT`` for the whole list: two messages sent at once
        get the same token, and every message about a document carries the same
        link until the customer rates. The documents and their customers are
        marked "requested" in the same round."""
        refs = list(dict.fromkeys(refs))
        now = fields.Datetime.now()
        uid = self.env.uid
        values = []
        by_model = {}
        for model, res_id, __ in refs:
            by_model.setdefault(model, []).append(res_id)
        records = {model: self.env[model].browse(ids) for model, ids in by_model.items()}
        partners = self.env["res.partner"].browse([partner_id for __, ___, partner_id in refs])
        customers = {}
        for model, res_id, partner_id in refs:
            record = records[model].browse(res_id).with_prefetch(records[model]._prefetch_ids)
            partner = partners.browse(partner_id).with_prefetch(partners._prefetch_ids)
            company = record._messaging_company()
            user = record._rating_widget_responsible()
            customers[partner_id] = partner.commercial_partner_id.id
            values.append(
                (
                    self.env["ir.model"]._get_id(model), model, res_id,
                    record.display_name or f"{model}/{res_id}", partner_id, user.partner_id.id or None,
                    secrets.token_urlsafe(32),  # 256 bits
                    False, 0, "none", False, True, now + dt.timedelta(days=company.rating_widget_token_days or 90),
                    user.id or None, record._rating_widget_team_name(), company.id, customers[partner_id],
                    1, 0, 0, uid, uid, now, now,
                )
            )  # fmt: skip
        self.env.flush_all()
        rows = insert_rows(
            self.env.cr,
            "rating_rating",
            [
                "res_model_id", "res_model", "res_id", "res_name", "partner_id", "rated_partner_id",
                "access_token", "consumed", "rating", "rating_text", "is_internal",
                "rating_widget_request", "rating_widget_expires_at", "rating_widget_user_id",
                "rating_widget_team", "rating_widget_company_id", "rating_widget_customer_id",
                "rating_widget_request_count", "rating_widget_rated_count", "rating_widget_response_rate",
                "create_uid", "write_uid", "create_date", "write_date",
            ],
            values,
            suffix=SQL(
                "ON CONFLICT (res_model, res_id, partner_id) WHERE rating_widget_request AND NOT consumed"
                " DO UPDATE SET rating_widget_expires_at"
                " = GREATEST(rating_rating.rating_widget_expires_at, EXCLUDED.rating_widget_expires_at)"
            ),
            returning=["res_model", "res_id", "partner_id", "access_token"],
        )  # fmt: skip
        for model, ids in by_model.items():
            if "rating_widget_status" in self.env[model]._fields:
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET rating_widget_status = 'requested'"
                        " WHERE id = ANY(%s) AND rating_widget_status = 'not_requested'",
                        SQL.identifier(self.env[model]._table),
                        ids,
                    )
                )
                records[model].invalidate_recordset(["rating_widget_status"])
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET rating_widget_status = 'requested' "
                "WHERE id = ANY(%s) AND rating_widget_status = 'not_requested'",
                list(set(customers.values())),
            ),
        )
        self.env["res.partner"].browse(set(customers.values())).invalidate_recordset(["rating_widget_status"])
        self.invalidate_model()
        return {(model, res_id, partner_id): token for model, res_id, partner_id, token in rows}

    # --- one reminder ----------------------------------------------------------------
    @api.model
    def _rating_widget_cron_remind(self):
        """Plan one reminder for each request not rated N days after it was made (the
        company's setting), in the outbox, about the rated document and with the same
        link. A few statements per company, whatever the number of customers; the outbox
        checks again at sending time (rated or expired since: not sent)."""
        now = fields.Datetime.now()
        outbox = self.env["messaging.outbox"].sudo()
        planned = []
        self.flush_model(["consumed", "rating_widget_reminded_at", "rating_widget_expires_at"])
        for company in self.env["res.company"].sudo().search([("rating_widget_reminder_days", ">", 0)]):
            template = company.rating_widget_reminder_template_id or self.env.ref(
                "rating_widget.messaging_template_rating_reminder", raise_if_not_found=False
            )
            if not template:
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE rating_rating SET rating_widget_reminded_at = %s WHERE id IN ("
                    " SELECT id FROM rating_rating WHERE rating_widget_request AND NOT consumed"
                    " AND rating_widget_company_id = %s AND rating_widget_reminded_at IS NULL"
                    " AND rating_widget_expires_at > %s AND create_date <= %s"
                    " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED)"
                    " RETURNING id, res_model, res_id, partner_id",
                    now,
                    company.id,
                    now,
                    now - dt.timedelta(days=company.rating_widget_reminder_days),
                    REMINDERS_PER_RUN,
                )
            )
            rows = [
                {
                    "source": "rating_reminder",
                    "event": rating_id,
                    "company_id": company.id,
                    "channel": "email",
                    "kind": "transactional",
                    "capped": True,  # an automatic message: it counts in the weekly cap
                    "template_id": template.id,
                    "model": model,
                    "res_id": res_id,
                    "partner_id": partner_id,
                }
                for rating_id, model, res_id, partner_id in self.env.cr.fetchall()
                if model in self.env and partner_id
            ]
            planned += outbox._enqueue(rows)
        self.invalidate_model(["rating_widget_reminded_at"])
        if planned:
            outbox._wake_after_commit(now)
        return planned

    # --- the public page -------------------------------------------------------------
    @api.model
    def _rating_widget_find_by_token(self, token):
        """The widget's rating a link names, or an empty recordset: wrong token,
        expired link, or document gone (the caller shows one neutral page)."""
        if not token or len(token) > 64:
            return self.browse()
        rating = self.sudo().search([("access_token", "=", token), ("rating_widget_request", "=", True)], limit=1)
        if not rating or not hmac.compare_digest(rating.access_token, token):
            return self.browse()
        if rating.rating_widget_expires_at and rating.rating_widget_expires_at < fields.Datetime.now():
            return self.browse()
        if rating.res_model not in self.env or not self.env[rating.res_model].sudo().browse(rating.res_id).exists():
            return self.browse()
        return rating

    @api.model
    def _rating_widget_browser_hash(self, browser):
        return hashlib.sha256(f"rating_widget:{browser}".encode()).hexdigest() if browser else ""

    def _rating_widget_form_token(self, browser, issued=None):
        """A form token for this rating and this browser, signed with the
        database secret: nothing is written when the page is shown."""
        self.ensure_one()
        issued = issued if issued is not None else time.time()
        stamp = f"{issued:.6f}"
        signature = tools.misc.hmac(
            self.env(su=True), FORM_SCOPE, f"{self.id}:{stamp}:{self._rating_widget_browser_hash(browser)}"
        )
        return f"{stamp}.{signature}"

    def _rating_widget_check_form_token(self, form_token, browser):
        """``None`` if the form may be accepted, else why not (a code):

        * ``form``: not this page's form, for this browser (forged, or copied);
        * ``used``: this form was submitted already (one time);
        * ``too_fast``: submitted quicker than a person reads the page (scanners);
        * ``stale``: the page was opened too long ago;
        * ``other_browser``: the rating was given from another browser.
        """
        self.ensure_one()
        rating = self.sudo()
        if not browser or not form_token or "." not in form_token or len(form_token) > 200:
            return "form"
        stamp, __, signature = form_token.rpartition(".")
        try:
            issued = float(stamp)
        except ValueError:
            return "form"
        expected = self._rating_widget_form_token(browser, issued).rpartition(".")[2]
        if not hmac.compare_digest(expected, signature):
            return "form"
        if (
            rating.consumed
            and rating.rating_widget_browser_hash
            and not hmac.compare_digest(rating.rating_widget_browser_hash, self._rating_widget_browser_hash(browser))
        ):
            return "other_browser"
        if issued <= (rating.rating_widget_form_issued or 0):
            return "used"
        params = self.env["ir.config_parameter"].sudo()
        elapsed = time.time() - issued
        if elapsed < float(params.get_param("rating_widget.form_min_seconds", 2)):
            return "too_fast"
        if elapsed > float(params.get_param("rating_widget.form_max_seconds", 24 * 3600)):
            return "stale"
        return None

    def _rating_widget_submit(self, score, feedback, form_token, browser, reason_ids=()):
        """Record a rating given on the page; returns ``None`` or why not (see
        :meth:`_rating_widget_check_form_token`). Locks the rating row first: two
        submissions at once are taken one after the other. ``reason_ids``: what the
        customer ticked under "What went wrong?", kept with a low score only, and only
        the reasons their page offered (anything else sent is ignored)."""
        self.ensure_one()
        if score not in (1, 2, 3, 4, 5):
            return "score"
        self.env.cr.execute(SQL("SELECT id FROM rating_rating WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset()
        issued = form_token.rpartition(".")[0] if form_token else ""
        reason = self._rating_widget_check_form_token(form_token, browser)
        if reason:
            return reason
        rating = self.sudo()
        feedback = (feedback or "").strip()[:2000] or False
        record = self.env[rating.res_model].sudo().browse(rating.res_id)
        first = not rating.consumed
        if isinstance(record, self.pool["mail.thread"]):
            record.with_context(mail_create_nosubscribe=True).rating_apply(
                score, rating=rating, feedback=feedback, subtype_xmlid="mail.mt_note"
            )
        else:
            rating.write({"rating": score, "feedback": feedback, "consumed": True})
        offered = rating._rating_widget_reasons() if score <= LOW_SCORE else rating.rating_widget_reason_ids.browse()
        chosen = offered.filtered(lambda reason: str(reason.id) in {str(r) for r in reason_ids})
        rating.write(
            {
                "rating_widget_reason_ids": [Command.set(chosen.ids)],
                "rating_widget_rated_at": fields.Datetime.now(),
                "rating_widget_browser_hash": self._rating_widget_browser_hash(browser),
                "rating_widget_form_issued": float(issued),
            }
        )
        rating._rating_widget_refresh_targets()
        rating._rating_widget_notify_responsible(changed=not first)
        return None

    def _rating_widget_reasons(self):
        """The reasons the page of this rating offers: its company's and the shared ones."""
        self.ensure_one()
        company = self.sudo().rating_widget_company_id
        return (
            self.env["rating_widget.reason"]
            .sudo()
            .search([("company_id", "in", [company.id, False])])
            .with_context(lang=self.sudo().partner_id.lang or self.env.lang)
        )

    def _rating_widget_refresh_targets(self):
        """Refresh the rating status of the rated documents and their customers."""
        by_model = {}
        for rating in self.sudo():
            by_model.setdefault(rating.res_model, set()).add(rating.res_id)
        for model, ids in by_model.items():
            if model in self.env and "rating_widget_status" in self.env[model]._fields:
                self.env[model].sudo().browse(ids).exists()._rating_widget_refresh_rating_status()
        self.sudo().rating_widget_customer_id._rating_widget_refresh_rating_status()

    def _rating_widget_notify_responsible(self, changed=False):
        """Email the document's responsible person and the address set in
        Settings: the score, the comment, a link to the document."""
        for rating in self.sudo():
            company = rating.rating_widget_company_id or self.env.company
            user = rating.rating_widget_user_id
            extra = company.rating_widget_notify_email
            if not (user.partner_id.email or extra):
                continue
            lang = user.lang or self.env.lang
            env = self.with_context(lang=lang).env
            record = env[rating.res_model].sudo().browse(rating.res_id)
            subject = (
                env._(
                    "Rating changed: %(score)s/5 for %(document)s", score=int(rating.rating), document=rating.res_name
                )
                if changed
                else env._(
                    "New rating: %(score)s/5 for %(document)s", score=int(rating.rating), document=rating.res_name
                )
            )
            body = env["ir.qweb"]._render(
                "rating_widget.rating_notification_email",
                {
                    "rating": rating,
                    "score": int(rating.rating),
                    "reasons": ", ".join(rating.with_env(env).rating_widget_reason_ids.mapped("name")),
                    "customer": rating.partner_id,
                    "url": f"{record.get_base_url()}/odoo/{rating.res_model}/{rating.res_id}",
                    "rated_at": tools.format_datetime(
                        env, rating.rating_widget_rated_at, tz=user.tz or "UTC", lang_code=lang
                    ),
                },
                minimal_qcontext=True,
            )
            env["mail.mail"].sudo().create(
                {
                    "subject": subject,
                    "body_html": body,
                    "email_from": company.email_formatted or env.user.email_formatted,
                    "recipient_ids": [(4, user.partner_id.id)] if user.partner_id.email else [],
                    "email_to": extra or False,
                    "model": rating.res_model,
                    "res_id": rating.res_id,
                    "auto_delete": True,
                }
            )

    def _rating_widget_page_values(self, score, browser, error=None, done=False):
        """What the rating page shows to ``browser`` (nothing is written)."""
        self.ensure_one()
        rating = self.sudo()
        env = self.with_context(lang=rating.partner_id.lang or self.env.lang).env
        same_browser = bool(
            rating.consumed
            and rating.rating_widget_browser_hash
            and hmac.compare_digest(rating.rating_widget_browser_hash, self._rating_widget_browser_hash(browser))
        )
        elsewhere = rating.consumed and not same_browser
        if score not in (1, 2, 3, 4, 5):
            score = int(rating.rating) if same_browser else 0
        messages = {
            "form": env._("This page was open for too long or in another window: please confirm your rating again."),
            "used": env._("This page was open for too long or in another window: please confirm your rating again."),
            "stale": env._("This page was open for too long or in another window: please confirm your rating again."),
            "too_fast": env._("Please take a moment to check your rating, then confirm it."),
            "score": env._("Choose a score from 1 to 5."),
        }
        return {
            "rating": rating,
            "state": "elsewhere" if elsewhere or error == "other_browser" else "form",
            "score": score,
            "comment": rating.feedback if same_browser else "",
            "rated": same_browser,
            "done": done and same_browser,
            "error_message": messages.get(error) if error else None,
            "form_token": self._rating_widget_form_token(browser),
            "token": rating.access_token,
            "company": rating.rating_widget_company_id or env.company,
            "document": rating.res_name,
            "labels": self._rating_widget_score_labels(env),
            "style": (rating.rating_widget_company_id or env.company).rating_widget_style or "stars",
            "reasons": rating.with_env(env)._rating_widget_reasons(),
            "chosen_reasons": rating.rating_widget_reason_ids.ids if same_browser else [],
            "low_score": LOW_SCORE,
            "faces": FACES,
        }

    @api.model
    def _rating_widget_demo_ratings(self, specs):
        """Demo data: ``[(model, res_id, score or 0, comment, days ago[, reason ids])]``,
        a score of 0 being a request not answered yet."""
        now = fields.Datetime.now()
        for model, res_id, score, comment, days, *reasons in specs:
            record = self.env[model].browse(res_id)
            partner = record[record._messaging_customer_field()]
            if not partner:
                continue
            token = self._rating_widget_request_token(record, partner)
            if not score:
                continue
            rating = self.sudo().search([("access_token", "=", token)])
            record.sudo().rating_apply(score, rating=rating, feedback=comment, subtype_xmlid="mail.mt_note")
            rating.write(
                {
                    "rating_widget_rated_at": now - dt.timedelta(days=days),
                    "rating_widget_reason_ids": [Command.set(reasons[0] if reasons else [])],
                }
            )
            rating._rating_widget_refresh_targets()
