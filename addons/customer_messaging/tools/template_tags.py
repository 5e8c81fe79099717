"""The tags each document type offers to templates, and their values.

Every model gets the customer, company, sender and document tags; a model adds
its own by overriding ``_messaging_template_tags`` and ``_messaging_template_values`` (later
modules of the suite do: invoices, tickets...).  Values are plain strings read in
batch, never records (ARCHITECTURE §4).
"""

import functools
from dataclasses import dataclass

from odoo.tools.translate import LazyTranslate

from messaging_core.templating import Renderer, Tag, TagRegistry

_lt = LazyTranslate(__name__)


@dataclass(frozen=True)
class TemplateTag:
    """A tag a document type offers to its templates (``_messaging_template_tags``)."""

    #: upper case; templates write it ``@NAME@``
    name: str
    #: what it shows, in the user's language (the template form lists it)
    description: str
    #: where its value is in the render context (``_messaging_template_values``)
    key: str

    @classmethod
    def offered(cls, name, description, lang):
        """The tag ``name`` described by the lazy translation ``description`` in ``lang``;
        its value is the context's ``name.lower()``."""
        return cls(name, description._translate(lang), name.lower())


@dataclass(frozen=True)
class DocumentTag:
    """A tag read from a field of the document, offered by the models that have it."""

    name: str
    description: object  # lazy translation
    #: how the value is shown: ``"char"`` as is, ``"amount"`` with the document's currency, ``"date"``
    kind: str
    #: field of the document it is read from
    path: str


DOCUMENT_TAGS = [
    DocumentTag("DOCUMENTREF", _lt("Reference of the document (invoice number, order...)"), "char", "name"),
    DocumentTag("AMOUNT", _lt("Total amount of the document, with its currency"), "amount", "amount_total"),
    DocumentTag("AMOUNTDUE", _lt("Amount still due, with its currency"), "amount", "amount_residual"),
    DocumentTag("DUEDATE", _lt("Due date of the document"), "date", "invoice_date_due"),
    DocumentTag("DOCUMENTDATE", _lt("Date of the document"), "date", "invoice_date"),
    DocumentTag("ORDERDATE", _lt("Date of the order"), "date", "date_order"),
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
def renderer_for(names, computed=()):
    """A sandboxed renderer knowing the tags ``names`` (cached per tag set); those of
    ``computed`` (``(name, compute), ...``) get their value from ``compute(context)``
    when a template shows them, the others from the context's ``name.lower()`` key."""

    computes = dict(computed)
    return Renderer(
        TagRegistry(
            Tag(name, compute=computes[name]) if name in computes else Tag(name, key=name.lower()) for name in names
        )
    )
