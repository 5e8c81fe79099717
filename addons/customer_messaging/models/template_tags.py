"""The tags each document type offers to templates, and their values.

Every model gets the customer, company, sender and document tags; a model adds
its own by overriding ``_cm_template_tags`` and ``_cm_template_values`` (later
modules of the suite do: invoices, tickets...).  Values are plain strings read in
batch, never records (ARCHITECTURE §4).
"""

import functools

from odoo import fields, models, tools
from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

# (tag, description, kind, field path on the document); kind tells how to format
DOCUMENT_TAGS = [
    ("DOCUMENTREF", _lt("Reference of the document (invoice number, order...)"), "char", "name"),
    ("AMOUNT", _lt("Total amount of the document, with its currency"), "amount", "amount_total"),
    ("AMOUNTDUE", _lt("Amount still due, with its currency"), "amount", "amount_residual"),
    ("DUEDATE", _lt("Due date of the document"), "date", "invoice_date_due"),
    ("DOCUMENTDATE", _lt("Date of the document"), "date", "invoice_date"),
    ("ORDERDATE", _lt("Date of the order"), "date", "date_order"),
]

COMMON_TAGS = [
    ("CUSTOMERNAME", _lt("Name of the customer (the recipient)")),
    ("CUSTOMERCOMPANY", _lt("Company of the customer")),
    ("CUSTOMEREMAIL", _lt("Email of the customer")),
    ("CUSTOMERMOBILE", _lt("Mobile number of the customer")),
    ("CUSTOMERREF", _lt("Reference of the customer")),
    ("CUSTOMERCITY", _lt("City of the customer")),
    ("COMPANYNAME", _lt("Name of your company")),
    ("COMPANYEMAIL", _lt("Email of your company")),
    ("COMPANYPHONE", _lt("Phone of your company")),
    ("COMPANYWEBSITE", _lt("Website of your company")),
    ("USERNAME", _lt("Name of the person sending")),
    ("USEREMAIL", _lt("Email of the person sending")),
    ("DATE", _lt("Today's date")),
    ("DOCUMENTNAME", _lt("Name of the document the message is about")),
]


@functools.lru_cache(maxsize=256)
def _registry(names):
    from messaging_core.templating import Renderer, Tag, TagRegistry

    return Renderer(TagRegistry(Tag(name, key=name.lower()) for name in names))


class Base(models.AbstractModel):
    _inherit = "base"

    def _cm_document_tags(self):
        return [tag for tag in DOCUMENT_TAGS if tag[3] in self._fields]

    def _cm_template_tags(self):
        """``[(TAG, description, key)]`` offered by this document type's templates."""
        tags = [
            (name, description._translate(self.env.lang or "en_US"), name.lower()) for name, description in COMMON_TAGS
        ]
        tags += [
            (name, description._translate(self.env.lang or "en_US"), name.lower())
            for name, description, __, ___ in self._cm_document_tags()
        ]
        return tags

    def _cm_renderer(self):
        """The sandboxed renderer knowing this model's tags (cached per tag set)."""
        return _registry(tuple(name for name, __, ___ in self._cm_template_tags()))

    def _cm_template_values(self, partners):
        """One dict of tag values per ``(record, partner)`` pair, read in batch."""
        if len(partners) != len(self):
            raise ValueError("one partner per record")
        env = self.env
        user = env.user
        today = fields.Date.context_today(self)
        langs = {}
        partner_values = partners._cm_plain_values(["name", "email", "mobile", "ref", "city", "lang"])
        companies = partners.mapped("commercial_partner_id")  # prefetch
        del companies
        doc_tags = self._cm_document_tags()
        doc_values = self._cm_plain_values([path for __, ___, ____, path in doc_tags]) if doc_tags else [{}] * len(self)
        names = self.mapped("display_name") if self._name != "res.partner" else [None] * len(self)
        has_company = "company_id" in self._fields
        currency_field = "currency_id" if "currency_id" in self._fields else None
        result = []
        for record, partner, pvals, dvals, docname in zip(
            self, partners, partner_values, doc_values, names, strict=True
        ):
            lang = pvals["lang"] or env.lang or "en_US"
            company = (record.company_id if has_company else False) or env.company
            if lang not in langs:
                langs[lang] = tools.format_date(env, today, lang_code=lang)
            values = {
                "customername": pvals["name"],
                "customercompany": partner.commercial_partner_id.name,
                "customeremail": pvals["email"],
                "customermobile": pvals["mobile"],
                "customerref": pvals["ref"],
                "customercity": pvals["city"],
                "companyname": company.name,
                "companyemail": company.email or None,
                "companyphone": company.phone or None,
                "companywebsite": company.website or None,
                "username": user.name,
                "useremail": user.email or None,
                "date": langs[lang],
                "documentname": docname or pvals["name"],
            }
            for name, __, kind, path in doc_tags:
                value = dvals[path]
                if value is not None and kind == "amount":
                    currency = record[currency_field] if currency_field else company.currency_id
                    value = tools.format_amount(env, value, currency, lang_code=lang)
                elif value is not None and kind == "date":
                    value = tools.format_date(env, value, lang_code=lang)
                values[name.lower()] = value
            result.append(values)
        return result
