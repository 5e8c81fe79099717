"""What every public token page of the suite sends (ARCHITECTURE §5): the token never
leaks through a referrer, search engines do not index it, nothing caches it and no
other site frames it (a button on it must not be clicked through a disguise)."""

from odoo.http import request

TOKEN_PAGE_HEADERS = (
    ("Referrer-Policy", "no-referrer"),
    ("X-Robots-Tag", "noindex, nofollow"),
    ("Cache-Control", "no-store"),
    ("X-Frame-Options", "DENY"),
)


def protect(response):
    """``response`` with the token-page headers."""
    for header, value in TOKEN_PAGE_HEADERS:
        response.headers[header] = value
    return response


def use_customer_lang(lang):
    """Answer this request in ``lang`` (the customer's language: dates, amounts,
    texts and errors as they read them) when it is installed."""
    if lang and lang in dict(request.env["res.lang"].get_installed()):
        request.update_context(lang=lang)


def render_token_page(template, values, status=200, lang=None):
    """``template`` rendered with the token-page headers, in ``lang`` (see
    :func:`use_customer_lang`)."""
    use_customer_lang(lang)
    page_lang = request.env.lang or "en_US"
    values = {**values, "html_data": {"lang": page_lang.replace("_", "-")}}
    return protect(request.render(template, values, status=status))
