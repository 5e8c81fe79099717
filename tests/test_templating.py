"""Tests of messaging_core.templating: tags, Jinja2 sandbox, limits, cache."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
import tracemalloc
import types
from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from messaging_core import templating
from messaging_core.errors import MessagingError
from messaging_core.templating import (
    FrozenMapping,
    Limits,
    Renderer,
    Tag,
    TagRegistry,
    TemplateError,
    cache_info,
    freeze_context,
    render,
)

sys.path.insert(0, os.path.dirname(__file__))
from templating_payloads import DOS_PAYLOADS, PAYLOAD_CONTEXT, SSTI_PAYLOADS

HOSTILE_CODES = {"security", "undefined", "syntax"}


def make_registry() -> TagRegistry:
    return TagRegistry(
        [
            Tag("CUSTOMERNAME", "Name of the customer", key="customer_name"),
            Tag("NAME", "Alias of the customer's name", key="name"),
            Tag("TOTAL", "Order total", key="order.total"),
            Tag("WIDGET", "Rating widget (HTML)", key="widget", html_safe=True),
            Tag("OBSERVATIONS", "Notes", key="notes"),
        ]
    )


CONTEXT = {
    "customer_name": "Jane <Doe> & Co",
    "name": "John",
    "order": {"total": 150, "lines": ["a", "b"]},
    "widget": '<a href="https://example.com/rate">rate us</a>',
    "notes": None,
}


@pytest.fixture
def renderer() -> Renderer:
    return Renderer(make_registry())


# --------------------------------------------------------------------------- tags


@pytest.mark.parametrize("written", ["@CUSTOMERNAME@", "@customername@", "@CustomerName@", "@cUsToMeRnAmE@"])
def test_tags_are_case_insensitive(renderer, written):
    assert renderer.render(f"Dear {written},", CONTEXT) == "Dear Jane <Doe> & Co,"


@given(flips=st.lists(st.booleans(), min_size=12, max_size=12))
def test_any_casing_of_a_tag_name_gives_the_same_value(flips):
    name = "".join(c.lower() if flip else c for c, flip in zip("CUSTOMERNAME", flips, strict=True))
    assert Renderer(make_registry()).render(f"@{name}@", CONTEXT) == CONTEXT["customer_name"]


def test_adjacent_and_repeated_tags(renderer):
    assert renderer.render("@NAME@@NAME@ @name@", CONTEXT) == "JohnJohn John"


def test_dotted_key_reads_nested_mapping(renderer):
    assert renderer.render("Total: @TOTAL@", CONTEXT) == "Total: 150"


def test_none_value_renders_empty(renderer):
    assert renderer.render("[@OBSERVATIONS@]", CONTEXT) == "[]"


def test_unknown_tag_error_names_tag_and_line(renderer):
    source = "Dear @NAME@,\n\nyour order is @NOPE@ now"
    with pytest.raises(TemplateError) as info:
        renderer.render(source, CONTEXT)
    error = info.value
    assert error.code == "unknown_tag"
    assert error.line == 3
    assert error.name == "@NOPE@"
    assert "@NOPE@" in str(error) and "Line 3" in str(error)
    assert error.params["tag"] == "NOPE" and error.params["line"] == 3
    assert isinstance(error, MessagingError)


def test_unknown_tag_line_is_that_of_the_users_text_after_whitespace_control(renderer):
    source = "{% if true -%}\n\n   @NAME@ @GHOST@\n{%- endif %}"
    with pytest.raises(TemplateError) as info:
        renderer.check(source)
    assert (info.value.code, info.value.line, info.value.name) == ("unknown_tag", 3, "@GHOST@")


def test_unknown_tag_inside_jinja_code_reports_its_line(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.check("line 1\n{% if\n  @GHOST@ > 1 %}x{% endif %}")
    assert (info.value.code, info.value.line) == ("unknown_tag", 3)


@pytest.mark.parametrize(
    "text",
    [
        "mail me at john@example.com",
        "john.doe@example.co.uk, jane@doe.org",
        "a@b",
        "@",
        "@@",
        "@@@",
        "meet @ home @ 5",
        "@1st@ place",
        "@_private@",
        "@ NAME@",
        "@NAME @",
        "price: 5 @ 3€",
        "foo@bar.com@baz",
        "twitter: @jane",
    ],
)
def test_text_that_is_not_a_tag_is_left_alone(renderer, text):
    assert renderer.render(text, CONTEXT) == text


def test_strict_tag_shape_inside_an_address_is_a_tag(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("a@b@c", CONTEXT)
    assert (info.value.code, info.value.name) == ("unknown_tag", "@b@")
    registry = TagRegistry([Tag("B", key="b")])
    assert Renderer(registry).render("a@b@c", {"b": "-"}) == "a-c"


@given(text=st.text(alphabet=st.characters(blacklist_characters="{"), max_size=200))
def test_text_without_tags_or_jinja_renders_to_itself(text):
    if re.search(r"@[A-Za-z][A-Za-z0-9_]*@", text):
        return  # a tag
    expected = re.sub(r"\r\n|\r", "\n", text)  # Jinja normalises line breaks
    assert render(text, {}) == expected


@given(
    address=st.emails().filter(lambda a: "{" not in a),  # "{" would be Jinja syntax
    before=st.text(alphabet="abc .,\n", max_size=20),
)
def test_email_addresses_are_never_tags(address, before):
    text = f"{before}{address} {address}"
    assert render(text, {}) == text


def test_tags_work_inside_jinja_code(renderer):
    source = "{% if @TOTAL@ > 100 %}big{% else %}small{% endif %} {{ @name@|upper }} {{ @TOTAL@ * 2 }}"
    assert renderer.render(source, CONTEXT) == "big JOHN 300"


def test_literal_tag_text_in_string_raw_and_comment(renderer):
    source = "{{ '@GHOST@' }} {% raw %}@GHOST@ {{ x }}{% endraw %}{# @GHOST@ #}"
    assert renderer.render(source, CONTEXT) == "@GHOST@ @GHOST@ {{ x }}"


def test_tag_cannot_be_assigned(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.check("{% set @NAME@ = 'x' %}")
    assert info.value.code == "syntax"


def test_reserved_internal_name_is_refused(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.check("{{ __tag__NAME }}")
    assert info.value.code == "syntax"


def test_missing_context_key_of_a_tag_names_the_tag(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("hello\n@CUSTOMERNAME@", {"name": "x"})
    error = info.value
    assert (error.code, error.line, error.name) == ("undefined", 2, "@CUSTOMERNAME@")
    assert "customer_name" in str(error)


def test_missing_tag_value_can_be_tested_with_is_defined(renderer):
    assert renderer.render("{% if @CUSTOMERNAME@ is defined %}y{% else %}n{% endif %}", {}) == "n"


def test_computed_tag_receives_the_frozen_context_and_is_lazy():
    calls = []

    def greeting(context, scope):
        calls.append(context)
        return f"Hello {context['name']}"

    renderer = Renderer(TagRegistry([Tag("GREETING", compute=greeting)]))
    assert renderer.render("{% if false %}@GREETING@{% endif %}", {"name": "Ann"}) == ""
    assert calls == []
    assert renderer.render("@GREETING@!", {"name": "Ann"}) == "Hello Ann!"
    assert len(calls) == 1 and isinstance(calls[0], FrozenMapping)


def test_computed_tag_receives_the_scope_the_caller_passed_and_nothing_after():
    seen = []

    def counter(context, scope):
        seen.append(scope)
        if scope is None:
            return "no scope"
        scope["calls"] += 1
        return f"call {scope['calls']}"

    renderer = Renderer(TagRegistry([Tag("N", compute=counter)]))
    batch = {"calls": 0}
    assert renderer.render("@N@ @N@", {}, scope=batch) == "call 1 call 2"
    assert renderer.render("@N@", {}, scope=batch) == "call 3"
    # the scope is the caller's, for one call: the next render without one does not see it
    assert renderer.render("@N@", {}) == "no scope"
    assert seen == [batch, batch, batch, None]
    assert render("@N@", {}, registry=TagRegistry([Tag("N", compute=counter)]), scope={"calls": 41}) == "call 42"


def test_computed_tag_exception_propagates_unchanged():
    class BoomError(Exception):
        pass

    def explode(context, scope):
        raise BoomError("addon bug")

    with pytest.raises(BoomError):
        Renderer(TagRegistry([Tag("X", compute=explode)])).render("@X@", {})


def test_computed_tag_must_return_a_plain_value():
    renderer = Renderer(TagRegistry([Tag("X", compute=lambda context, scope: object())]))
    with pytest.raises(TypeError, match="not plain"):
        renderer.render("@X@", {})


def test_tags_used_lists_tags_in_order_including_unknown_ones(renderer):
    source = "@name@ {{ @TOTAL@ }} @Name@ {{ '@NOTATAG@' }} @GHOST@ {# @COMMENTED@ #}"
    assert renderer.tags_used(source) == ["NAME", "TOTAL", "GHOST"]


@pytest.mark.parametrize("bad", ["", "1ABC", "A-B", "A B", "@A@", "É"])
def test_tag_name_is_validated(bad):
    with pytest.raises(ValueError):
        Tag(bad, key="x")


@pytest.mark.parametrize(
    "kwargs",
    [{}, {"key": "a", "compute": lambda c: 1}, {"key": ""}, {"key": "a..b"}, {"compute": "notcallable"}],
)
def test_tag_needs_exactly_one_valid_source(kwargs):
    with pytest.raises(ValueError):
        Tag("A", **kwargs)


def test_registry_describe_get_register_and_merge():
    registry = make_registry()
    described = registry.describe()
    assert described[0] == {
        "name": "CUSTOMERNAME",
        "placeholder": "@CUSTOMERNAME@",
        "description": "Name of the customer",
        "html_safe": False,
    }
    assert [d["name"] for d in described] == list(registry)
    assert registry.get("@customername@") is registry["CustomerName"]
    assert "total" in registry and "GHOST" not in registry
    with pytest.raises(ValueError):
        registry.register(Tag("name", key="other"))
    version = registry.version
    registry.register(Tag("name", key="other"), replace=True)
    assert registry.version == version + 1 and registry["NAME"].key == "other"

    common = TagRegistry([Tag("COMPANY", key="company"), Tag("NAME", key="company_name")])
    merged = common.merge(TagRegistry([Tag("NAME", key="partner_name")]))
    assert set(merged) == {"COMPANY", "NAME"}
    assert merged["NAME"].key == "partner_name"  # the later registry wins
    assert common["NAME"].key == "company_name"  # the inputs are unchanged


# --------------------------------------------------------------------------- jinja errors


def test_undefined_name_error_names_it_and_its_line(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("Hello\n\n{{ customer }}", CONTEXT)
    error = info.value
    assert (error.code, error.line, error.name) == ("undefined", 3, "customer")
    assert "'customer'" in str(error) and "Line 3" in str(error)


def test_undefined_attribute_names_it(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("x\n{{ order.nope }}", CONTEXT)
    assert (info.value.code, info.value.line, info.value.name) == ("undefined", 2, "nope")


def test_undefined_inside_macro_reports_the_macro_line(renderer):
    source = "{% macro m() %}\n{{ missing_var }}\n{% endmacro %}\n\n{{ m() }}"
    with pytest.raises(TemplateError) as info:
        renderer.render(source, CONTEXT)
    assert (info.value.code, info.value.line) == ("undefined", 2)


@pytest.mark.parametrize(
    ("source", "line"),
    [("a\nb\n{% if %}", 3), ("{{ 1 +  }}", 1), ("x\n{% for x in y %}", 2), ("{{ a }\n}", 1), ("\n\n{{ 'a' ", 3)],
)
def test_syntax_error_reports_line(renderer, source, line):
    with pytest.raises(TemplateError) as info:
        renderer.check(source)
    assert (info.value.code, info.value.line) == ("syntax", line)
    assert f"Line {line}:" in str(info.value)


def test_runtime_error_is_a_template_error_with_line(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("ok\n{{ 1 / 0 }}", CONTEXT)
    assert (info.value.code, info.value.line) == ("runtime", 2)


@pytest.mark.parametrize(
    "source",
    ["{% include 'x.html' %}", "{% import 'x' as x %}", "{% from 'x' import y %}", "{% extends 'base' %}"],
)
def test_include_import_extends_are_refused_at_check(renderer, source):
    with pytest.raises(TemplateError) as info:
        renderer.check("first line\n" + source)
    assert (info.value.code, info.value.line) == ("security", 2)


def test_check_accepts_valid_templates(renderer):
    renderer.check("Dear @NAME@, {% for l in order.lines %}{{ loop.index }}{{ l }}{% endfor %}", mode="html")


# --------------------------------------------------------------------------- escaping


def test_text_mode_does_not_escape_and_returns_str(renderer):
    out = renderer.render("@CUSTOMERNAME@ {{ customer_name }}", CONTEXT)
    assert out == "Jane <Doe> & Co Jane <Doe> & Co"
    assert type(out) is str


def test_html_mode_escapes_and_returns_markup(renderer):
    out = renderer.render("<p>@CUSTOMERNAME@ {{ customer_name }}</p>", CONTEXT, mode="html")
    assert out == "<p>Jane &lt;Doe&gt; &amp; Co Jane &lt;Doe&gt; &amp; Co</p>"
    assert isinstance(out, Markup)


def test_markup_values_and_html_safe_tags_are_not_escaped(renderer):
    context = dict(CONTEXT, customer_name=Markup("<b>Jane</b>"))
    out = renderer.render("@CUSTOMERNAME@ @WIDGET@ {{ notes }}", context, mode="html")
    assert out == '<b>Jane</b> <a href="https://example.com/rate">rate us</a> '


def test_html_safe_tag_in_text_mode_is_plain_text(renderer):
    assert renderer.render("@WIDGET@", CONTEXT) == CONTEXT["widget"]


def test_html_safe_flag_only_applies_to_its_tag(renderer):
    out = renderer.render("{{ widget }}", CONTEXT, mode="html")
    assert out == escape(CONTEXT["widget"])


@settings(max_examples=200)
@given(value=st.text(max_size=100))
def test_html_mode_escapes_any_string_and_text_mode_keeps_it(value):
    assert render("{{ v }}", {"v": value}, mode="html") == str(escape(value))
    assert render("{{ v }}", {"v": value}) == value


def test_mapping_access_in_templates(renderer):
    source = "{{ order.total }} {{ order['total'] }} {% for k, v in order.items() %}{{ k }}{% endfor %}"
    assert renderer.render(source, CONTEXT) == "150 150 totallines"


def test_plain_values_print_like_python(renderer):
    context = {"d": date(2024, 5, 1), "n": Decimal("1.50"), "l": [1, "a"], "b": True}
    assert (
        renderer.render("{{ d }} {{ n }} {{ l }} {{ b }} {{ d.year }}", context) == "2024-05-01 1.50 (1, 'a') True 2024"
    )


def test_printing_an_iterable_asks_for_a_list(renderer):
    with pytest.raises(TemplateError) as info:
        renderer.render("{{ order.lines|map('upper') }}", CONTEXT)
    assert info.value.code == "runtime" and "|list" in str(info.value)
    assert renderer.render("{{ order.lines|map('upper')|list }}", CONTEXT) == "['A', 'B']"


def test_frozen_context_is_used_as_is(renderer):
    frozen = FrozenMapping(CONTEXT)
    assert freeze_context(frozen) is frozen
    assert renderer.render("@NAME@ {{ order.total }}", frozen) == "John 150"
    assert repr(FrozenMapping({"a": [1]})) == "{'a': (1,)}"


def test_size_checks_do_not_refuse_realistic_texts():
    text = "lorem ipsum dolor sit amet " * 20000  # 540 KB
    assert len(render("{{ t|wordwrap(60) }}", {"t": text})) < len(text) + 20000
    assert render("{{ t|replace('lorem', 'LOREM')|length }}", {"t": text}) == str(len(text))
    assert render("{{ (t ~ t)|length }}", {"t": text[:400000]}) == "800000"


# --------------------------------------------------------------------------- security


@pytest.mark.parametrize("mode", ["text", "html"])
@pytest.mark.parametrize("payload", SSTI_PAYLOADS)
def test_injection_payload_is_refused(payload, mode):
    renderer = Renderer(TagRegistry([Tag("NAME", key="name")]))
    output = None
    with pytest.raises(TemplateError) as info:
        output = renderer.render(payload, PAYLOAD_CONTEXT, mode=mode)
    assert output is None
    assert info.value.code in HOSTILE_CODES, info.value


def test_payload_corpus_is_large_enough():
    assert len(SSTI_PAYLOADS) >= 30
    assert len(set(SSTI_PAYLOADS)) == len(SSTI_PAYLOADS)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("{{ x.upper() }}", "ABC"),
        ("{{ x|upper }}", "ABC"),
        ("{{ '%s-%03d'|format(x, n) }}", "abc-003"),
        ("{{ '%s!' % x }}", "abc!"),
        ("{{ partner.lines|join(',') }}", "1,2,3"),
        ("{{ partner.lines|sum }}", "6"),
        ("{% set ns = namespace(t=0) %}{% for i in range(4) %}{% set ns.t = ns.t + i %}{% endfor %}{{ ns.t }}", "6"),
        ("{{ {'class': 'btn', 'data-id': 3}|xmlattr }}", ' class="btn" data-id="3"'),
        ("{{ x ~ '-' ~ n }}", "abc-3"),
        ("{{ [1, 2] + [3] }}", "[1, 2, 3]"),
        ("{{ x.center(7, '*') }}", "**abc**"),
        ("{{ ', '.join(partner.lines|map('string')) }}", "1, 2, 3"),
        ("{{ lipsum(1, false, 3, 4)|wordcount }}", "3"),
        ("{{ 'a\\nb'|indent(2, true) }}", "  a\n  b"),
    ],
)
def test_legitimate_jinja_still_works(source, expected):
    assert render(source, PAYLOAD_CONTEXT) == expected


def test_str_format_is_refused_even_when_stored_first():
    # CVE-2024-56326: str.format reached without going through the sandbox's call().
    with pytest.raises(TemplateError) as info:
        render("{% set f = x.format %}{{ f('{0.__class__}', x) }}", {"x": "abc"})
    assert info.value.code == "security"


def test_xmlattr_refuses_key_injection_but_escapes_values():
    assert render('{{ {"title": \'"><script>\'}|xmlattr }}', {}, mode="html") == ' title="&#34;&gt;&lt;script&gt;"'
    with pytest.raises(TemplateError) as info:
        render('{{ {"a\\" onload=\\"x": 1}|xmlattr }}', {}, mode="html")
    assert info.value.code == "security"


# --------------------------------------------------------------------------- limits


@pytest.mark.parametrize("payload", DOS_PAYLOADS)
def test_denial_of_service_payload_hits_a_limit_quickly(payload):
    renderer = Renderer(TagRegistry([Tag("NAME", key="name")]))
    started = time.perf_counter()
    with pytest.raises(TemplateError) as info:
        renderer.render(payload, PAYLOAD_CONTEXT, mode="html")
    elapsed = time.perf_counter() - started
    assert info.value.code == "limit", info.value
    assert elapsed < 2.0
    assert renderer.render("still @NAME@", PAYLOAD_CONTEXT) == "still John"  # the process is fine


def test_dos_corpus_is_large_enough():
    assert len(DOS_PAYLOADS) >= 10


@pytest.mark.parametrize(
    "source",
    ["{{ 'a' * 100000000 }}", "{{ 9 ** (9 ** 9) }}", "{{ (2 ** 64) ** (2 ** 20) }}", "{{ 'x'|center(900000000) }}"],
)
def test_compiling_never_evaluates_expressions(source):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        Renderer().check(source)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 20_000_000  # folding 'a' * 100000000 would allocate 100 MB
    with pytest.raises(TemplateError) as info:
        render(source, {})
    assert info.value.code == "limit"


def test_deeply_nested_expression_is_a_template_error():
    with pytest.raises(TemplateError) as info:
        Renderer().check("{{ " + "(" * 5000 + "1" + ")" * 5000 + " }}")
    assert info.value.code in {"limit", "syntax"}


def test_limits_can_be_overridden_per_renderer_and_per_call():
    source = "{% for i in range(20) %}{{ i }}{% endfor %}"
    assert render(source, {}).endswith("19")
    with pytest.raises(TemplateError) as info:
        Renderer(limits=Limits(max_loop_iterations=10)).render(source, {})
    assert info.value.params["limit"] == "loop_iterations" and info.value.params["maximum"] == 10
    with pytest.raises(TemplateError):
        render(source, {}, limits=Limits(max_output_length=5))
    with pytest.raises(TemplateError) as info:
        render("x" * 101, {}, limits=Limits(max_source_length=100))
    assert info.value.params["limit"] == "source_length"


def test_loop_iteration_limit_is_total_per_render():
    limits = Limits(max_loop_iterations=100)
    renderer = Renderer(limits=limits)
    assert renderer.render("{% for a in range(10) %}{% for b in range(9) %}{% endfor %}{% endfor %}", {}) == ""
    with pytest.raises(TemplateError) as info:
        renderer.render("{% for a in range(10) %}{% for b in range(10) %}{% endfor %}{% endfor %}", {})
    assert info.value.params["limit"] == "loop_iterations"


SLOW = "{% for i in range(10000) %}{% set y = ('ab' * 50000)|replace('a', 'c') %}{% endfor %}done"


def test_render_time_limit_is_enforced():
    started = time.perf_counter()
    with pytest.raises(TemplateError) as info:
        render(SLOW, {}, limits=Limits(max_render_seconds=0.05))
    assert info.value.params["limit"] == "render_seconds"
    assert time.perf_counter() - started < 1.0


def test_render_time_limit_works_in_threads():
    errors: list[BaseException] = []

    def work():
        try:
            render(SLOW, {}, limits=Limits(max_render_seconds=0.05))
        except TemplateError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert len(errors) == 3
    assert all(e.params["limit"] == "render_seconds" for e in errors)


@pytest.mark.parametrize("field", ["max_loop_iterations", "max_length", "max_render_seconds"])
def test_limits_are_validated(field):
    with pytest.raises(ValueError):
        Limits(**{field: 0})


# --------------------------------------------------------------------------- jinja2 version


@pytest.mark.parametrize("version", ["3.1.6", "3.1.7", "3.1.6.post1", "3.1.99"])
def test_jinja2_version_accepted(version):
    templating._check_jinja2_version(version)


@pytest.mark.parametrize("version", ["3.2.0", "3.2.0a1", "4.0", "10.0.0"])
def test_jinja2_series_not_tested_is_refused(version):
    with pytest.raises(ImportError, match=r"tested with jinja2 3\.1\.6 to 3\.1\.x"):
        templating._check_jinja2_version(version)


def test_the_private_jinja2_parts_the_sandbox_uses_are_there():
    """What the sandbox and the tag lexer take from jinja2 beyond its public API: if a
    release moves them, this fails before any template is rendered."""
    import jinja2.lexer
    import jinja2.utils

    assert hasattr(jinja2.lexer, "_Rule") and hasattr(jinja2.lexer.Lexer, "__init__")
    assert {"context", "eval_context", "environment"} <= {member.name for member in jinja2.utils._PassArg}
    lexer = jinja2.Environment(autoescape=True).lexer
    assert isinstance(lexer.rules, dict) and "root" in lexer.rules


@pytest.mark.parametrize("version", ["3.1.5", "3.1.2", "3.0.3", "2.11.3", "3.1.6rc1", "3.1.6.dev0", "", "unknown"])
def test_jinja2_version_refused(version):
    with pytest.raises(ImportError, match=r"3\.1\.6"):
        templating._check_jinja2_version(version)


def test_import_fails_with_an_old_jinja2():
    code = "import jinja2; jinja2.__version__ = '3.1.2'; import messaging_core.templating"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert "ImportError" in result.stderr and "CVE-2024-56326" in result.stderr


# --------------------------------------------------------------------------- cache


def test_compiled_templates_are_cached_and_shared():
    registry = make_registry()
    source = f"cache test {time.time_ns()} @NAME@"
    before = cache_info()
    first = Renderer(registry)
    for _ in range(3):
        assert first.render(source, CONTEXT).endswith("John")
    Renderer(registry).render(source, CONTEXT)  # another renderer, same registry
    after = cache_info()
    assert after.misses - before.misses == 1
    assert after.hits - before.hits == 3

    first.render(source, CONTEXT, mode="html")
    assert cache_info().misses - after.misses == 1  # the mode is part of the key

    registry.register(Tag("EXTRA", key="name"))
    first.render(source, CONTEXT)
    assert cache_info().misses - after.misses == 2  # a changed registry recompiles


def test_errors_are_not_cached_as_templates():
    source = f"{time.time_ns()} @GHOST@"
    before = cache_info()
    for _ in range(2):
        with pytest.raises(TemplateError):
            Renderer().check(source)
    assert cache_info().size <= cache_info().maxsize
    assert cache_info().misses == before.misses


def test_cache_is_a_bounded_lru():
    cache = templating._TemplateCache(maxsize=2)
    registry = TagRegistry()
    a = cache.get("a", "text", registry)
    cache.get("b", "text", registry)
    assert cache.get("a", "text", registry) is a  # hit, now most recent
    cache.get("c", "text", registry)  # evicts b
    assert cache.info().size == 2
    assert cache.get("a", "text", registry) is a
    misses = cache.info().misses
    cache.get("b", "text", registry)
    assert cache.info().misses == misses + 1


# --------------------------------------------------------------------------- context


class Recordset:
    def __init__(self):
        self.env = {"secret": 1}


@pytest.mark.parametrize(
    "value",
    [Recordset(), print, lambda: 1, os, {1, 2}, b"bytes", object, type("S", (str,), {})("x"), 1j, iter([1])],
    ids=["object", "builtin", "lambda", "module", "set", "bytes", "class", "str-subclass", "complex", "iterator"],
)
def test_freeze_context_refuses_non_plain_values(value):
    with pytest.raises(TypeError) as info:
        freeze_context({"partner": {"lines": [1, value]}})
    assert "context['partner']['lines'][1]" in str(info.value)


def test_render_refuses_a_context_with_objects():
    with pytest.raises(TypeError):
        render("{{ x }}", {"x": Recordset()})


def test_freeze_context_converts_and_is_read_only():
    source = {"a": [1, {"b": 2}], "p": types.MappingProxyType({"c": (3,)}), "when": datetime(2024, 1, 1)}
    frozen = freeze_context(source)
    assert isinstance(frozen, FrozenMapping)
    assert frozen["a"] == (1, {"b": 2}) and isinstance(frozen["a"], tuple)
    assert isinstance(frozen["a"][1], FrozenMapping) and isinstance(frozen["p"], FrozenMapping)
    assert dict(frozen["p"]) == {"c": (3,)}
    with pytest.raises(TypeError):
        frozen["a"] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        frozen.x = 1  # type: ignore[attr-defined]
    source["a"].append(99)  # the frozen copy does not follow later changes
    assert len(frozen["a"]) == 2
    assert freeze_context(frozen) is frozen


@pytest.mark.parametrize("bad", [{1: "a"}, [("a", 1)], "text"])
def test_freeze_context_needs_a_str_keyed_mapping(bad):
    with pytest.raises(TypeError):
        freeze_context(bad)


def test_freeze_context_refuses_cycles():
    cyclic: dict = {}
    cyclic["self"] = cyclic
    with pytest.raises(TypeError):
        freeze_context(cyclic)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Hello @CUSTOMERNAME@", False),
        ("", False),
        (None, False),
        ("a { b } c %", False),
        ("{{ 7 * 7 }}", True),
        ("{% if 1 %}x{% endif %}", True),
        ("{# a comment #}", True),
    ],
)
def test_has_code_tells_tags_from_template_code(source, expected):
    assert templating.has_code(source) is expected
