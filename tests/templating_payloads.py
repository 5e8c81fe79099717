"""Hostile templates for the sandbox tests of :mod:`messaging_core.templating`.

``SSTI_PAYLOADS``: known Jinja2 server-side template injection and sandbox-escape
payloads (and variants adapted to this sandbox: tags, ``namespace``, internal
filter names).  Rendering any of them must raise ``TemplateError`` and never
produce output.  They are rendered with ``PAYLOAD_CONTEXT``.

``DOS_PAYLOADS``: denial-of-service templates; each must raise
``TemplateError(code="limit")`` within a couple of seconds.
"""

PAYLOAD_CONTEXT = {
    "x": "abc",
    "name": "John",
    "n": 3,
    "partner": {"name": "John", "lines": [1, 2, 3]},
}

SSTI_PAYLOADS = [
    # -- the classic object graph walk
    "{{ ''.__class__ }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ ''.__class__.__mro__[-1].__subclasses__() }}",
    "{{ ''.__class__.__base__.__subclasses__() }}",
    "{{ ().__class__.__base__ }}",
    "{{ [].__class__.__base__.__subclasses__() }}",
    "{{ {}.__class__.__base__.__subclasses__() }}",
    "{{ (1).__class__.__bases__ }}",
    "{% for c in [].__class__.__base__.__subclasses__() %}{{ c.__name__ }}{% endfor %}",
    "{{ x.__class__.__mro__[1].__subclasses__()[132].__init__.__globals__['popen']('id').read() }}",
    "{{ x.__init__ }}",
    "{{ x.__init__.__globals__['__builtins__']['eval']('1+1') }}",
    "{{ x.__doc__ }}",
    "{{ x.__len__() }}",
    "{{ x.__getattribute__('__class__') }}",
    "{{ dict.mro() }}",
    "{{ [].__class__.mro() }}",
    # -- globals of the default Jinja namespace
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ cycler.__init__.__globals__.os }}",
    "{{ joiner.__init__.__globals__ }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ range.__globals__ }}",
    "{{ lipsum }}",
    "{{ range }}",
    "{{ namespace }}",
    # -- framework objects that other integrations expose
    "{{ self }}",
    "{{ self._TemplateReference__context }}",
    "{{ self.__dict__ }}",
    "{{ request }}",
    "{{ request.application.__globals__.__builtins__ }}",
    "{{ config }}",
    "{{ config.items() }}",
    "{{ get_flashed_messages.__globals__ }}",
    "{{ url_for.__globals__['os'] }}",
    "{{ env }}",
    "{{ env['res.users'].sudo() }}",
    "{{ object.env }}",
    # -- attribute access by string
    "{{ ''|attr('__class__') }}",
    "{{ x|attr('\\x5f\\x5fclass\\x5f\\x5f') }}",
    "{{ x['\\x5f\\x5fclass\\x5f\\x5f'] }}",
    "{{ x['__class__'] }}",
    "{{ x['__cl' ~ 'ass__'] }}",
    "{{ x[('_' * 2) ~ 'class' ~ ('_' * 2)] }}",
    "{{ x|map(attribute='__class__')|list }}",
    "{{ [x]|selectattr('__class__')|list }}",
    "{{ [x, x]|sort(attribute='__class__.__name__') }}",
    "{{ [x]|groupby('__class__') }}",
    "{{ [x]|map('__class__')|list }}",
    "{{ [1]|map('_tag')|list }}",
    # -- str.format and friends (CVE-2016-10745, CVE-2019-10906, CVE-2024-56326)
    "{{ '{0.__class__}'.format(x) }}",
    "{{ '{0.__class__.__init__.__globals__}'.format(x) }}",
    "{{ x.format_map({}) }}",
    "{{ '{a.__class__}'.format_map(partner) }}",
    "{% set f = '{0.__class__}'.format %}{{ f(x) }}",
    "{{ (x.format)('{0.__class__}', x) }}",
    "{{ x.format.__self__ }}",
    "{% set fm = x.format_map %}{{ fm({'a': 1}) }}",
    "{{ [x.format]|map('string')|first }}",
    "{{ x|attr('format') }}",
    "{{ '%s'|format(self) }}",
    "{{ '%s' % self }}",
    "{{ '%(a)s'|format(a=lipsum) }}",
    "{{ '%s'|format(x.upper) }}",
    "{{ x.upper.__self__ }}",
    "{{ x.upper }}",
    "{{ x.encode('utf-8') }}",
    # -- xmlattr key injection
    "{{ {'a\"onload=\"x': 1}|xmlattr }}",
    "{{ {'a onclick': 1}|xmlattr }}",
    "{{ {'a\"': 1}|xmlattr }}",
    # -- loading other templates or modules
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.popen('id').read() }}",
    "{% from 'os' import popen %}{{ popen('id') }}",
    "{% extends '/etc/passwd' %}",
    # -- {% set %} / {% with %} variants
    "{% set c = x.__class__ %}{{ c }}",
    "{% set c %}{{ x.__class__ }}{% endset %}{{ c }}",
    "{% with a = x.__class__ %}{{ a }}{% endwith %}",
    "{% set ns = namespace() %}{% set ns.__class__ = x %}{{ ns }}",
    "{% set ns = namespace(a=1) %}{{ ns }}",
    # -- generators, frames, macros, loops
    "{{ (x|map('upper')).gi_frame.f_globals }}",
    "{{ (x|batch(1)).gi_code }}",
    "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}",
    "{% macro m() %}{% endmacro %}{{ m }}",
    "{% for i in [1] %}{{ loop.__class__ }}{% endfor %}",
    "{% for i in [1] %}{{ loop }}{% endfor %}",
    "{{ (partner|list).pop() }}",
    "{{ partner.lines.index.__self__ }}",
    # -- the tag machinery itself
    "{{ __tag__NAME }}",
    "{{ 'X'|_tag }}",
    "{{ x._data }}",
    "{{ partner._data }}",
]

DOS_PAYLOADS = [
    # huge repetition (also constant-folding bait at compile time)
    "{{ 'a' * 1000000000 }}",
    "{{ 'a' * 10**9 }}",
    "{{ [0] * 10**9 }}",
    # huge powers (Jinja's ** is left-associative: 9 ** 9 ** 9 is (9 ** 9) ** 9)
    "{{ 2 ** (10 ** 8) }}",
    "{{ 9 ** (9 ** 9) }}",
    "{{ (10 ** 1000) ** 1000 }}",
    # nested loops
    "{% for a in range(10**6) %}{% for b in range(10**6) %}x{% endfor %}{% endfor %}",
    "{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}",
    # recursion
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    "{% for i in [1] recursive %}{{ loop([1]) }}{% endfor %}",
    # huge lists
    "{{ range(10**9)|list }}",
    # amplifying filters and methods
    "{{ 'x'|center(10**9) }}",
    "{{ 'x'|wordwrap(10**9) }}",
    "{{ 'x'|indent(10**9) }}",
    "{{ ('x\\n' * 100000)|indent('y' * 100) }}",
    "{{ 'x'.rjust(10**9) }}",
    "{{ ('x' * 10000).replace('', 'y' * 10000) }}",
    "{{ lipsum(10**6) }}",
    "{{ [1]|slice(10**9)|list }}",
    # string doubling
    "{% set ns = namespace(s='xx') %}{% for i in range(100) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='xx') %}{% for i in range(100) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(s='xx') %}{% for i in range(100) %}{% set ns.s = [ns.s, ns.s]|join %}{% endfor %}",
    "{% set ns = namespace(l=[1]) %}{% for i in range(100) %}{% set ns.l = [ns.l, ns.l] %}{% endfor %}{{ ns.l }}",
    "{% set ns = namespace(n=3) %}{% for i in range(100) %}{% set ns.n = ns.n * ns.n %}{% endfor %}",
    # printf padding
    "{{ '%0999999999d'|format(1) }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%.999999999f' % 1.0 }}",
    "{{ ('%(a)s' * 100000) % {'a': 'x' * 100000} }}",
    # output size
    "{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}",
    "{% macro m() %}{% for i in range(10000) %}{{ 'x' * 1000 }}{% endfor %}{% endmacro %}{{ m() }}",
]
