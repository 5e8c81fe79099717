"""The tag lexer, the rewriter, the sandboxed environment and the cache of compiled templates."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator
from functools import cached_property
from typing import Any, NamedTuple, NoReturn, cast

import jinja2
from jinja2 import nodes
from jinja2.exceptions import SecurityError
from jinja2.exceptions import TemplateSyntaxError as JinjaSyntaxError
from jinja2.lexer import (
    TOKEN_BLOCK_BEGIN,
    TOKEN_DATA,
    TOKEN_NAME,
    TOKEN_RAW_BEGIN,
    TOKEN_RAW_END,
    TOKEN_VARIABLE_BEGIN,
    TOKEN_VARIABLE_END,
    Lexer,
    _Rule,
)
from jinja2.runtime import Context, LoopContext, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import (
    Namespace,
    missing,
)
from jinja2.visitor import NodeTransformer

from ._base import _FILENAME, _LEXER_TAG, _TAG_PREFIX, _TAG_RE
from .context import FrozenMapping
from .errors import TemplateError, _budget, _limit, _StrictUndefined, _tick
from .sandbox import (
    _BINOP_CHECKS,
    _DENIED_ATTRIBUTES,
    _STR_METHOD_CHECKS,
    _attribute_allowed,
    _bounded_concat,
    _check_plain_args,
    _check_printf,
    _check_size,
    _counting,
    _finalize,
    _lipsum_global,
    _make_filters,
    _number_test,
    _range_global,
    _type_name,
)
from .tags import Tag, TagRegistry

# --------------------------------------------------------------------------- lexer and compiler


class _TagLexer(Lexer):
    """Jinja lexer that turns ``@NAME@`` into a reserved name token, in text
    (wrapped in ``{{ }}``) and in code, keeping each token on its own line."""

    def __init__(self, environment: jinja2.Environment) -> None:
        super().__init__(environment)
        rule = _Rule(_TAG_RE, _LEXER_TAG, None)
        self.rules[TOKEN_BLOCK_BEGIN].insert(1, rule)
        self.rules[TOKEN_VARIABLE_BEGIN].insert(1, rule)

    def tokeniter(
        self, source: str, name: str | None, filename: str | None = None, state: str | None = None
    ) -> Iterator[tuple[int, str, str]]:
        in_raw = False
        for lineno, token, value in super().tokeniter(source, name, filename, state):
            if token == TOKEN_DATA:
                if in_raw or "@" not in value:
                    yield lineno, token, value
                    continue
                position = 0
                for match in _TAG_RE.finditer(value):
                    before = value[position : match.start()]
                    if before:
                        yield lineno, TOKEN_DATA, before
                        lineno += before.count("\n")
                    yield lineno, TOKEN_VARIABLE_BEGIN, "{{"
                    yield lineno, TOKEN_NAME, _TAG_PREFIX + match.group(1)
                    yield lineno, TOKEN_VARIABLE_END, "}}"
                    position = match.end()
                if position < len(value):
                    yield lineno, TOKEN_DATA, value[position:]
            elif token == _LEXER_TAG:
                yield lineno, TOKEN_NAME, _TAG_PREFIX + value[1:-1]
            elif token == TOKEN_NAME and value.startswith(_TAG_PREFIX):
                raise JinjaSyntaxError(f"names starting with {_TAG_PREFIX!r} are reserved", lineno, name, filename)
            else:
                if token == TOKEN_RAW_BEGIN:
                    in_raw = True
                elif token == TOKEN_RAW_END:
                    in_raw = False
                yield lineno, token, value


def _internal_filter(node: nodes.Expr, name: str, lineno: int) -> nodes.Filter:
    return nodes.Filter(node, name, [], [], None, None, lineno=lineno)


class _Rewriter(NodeTransformer):
    """Checks a parsed template and rewrites it for the sandbox: tags become
    tag lookups, loops are counted, ``~`` and literals are size-checked."""

    def __init__(self, registry: TagRegistry) -> None:
        self.registry = registry
        self.tags: dict[str, Tag] = {}

    def _refuse(self, node: nodes.Node, what: str) -> NoReturn:
        raise TemplateError(f"not allowed: {what}", code="security", line=node.lineno)

    def _check_tag_position(self, node: nodes.Node, name: str) -> None:
        if name.startswith(_TAG_PREFIX):
            tag = "@" + name[len(_TAG_PREFIX) :] + "@"
            raise TemplateError(f"a tag cannot be used here: {tag}", code="syntax", line=node.lineno, name=tag)

    def visit_Extends(self, node: nodes.Extends) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% extends %}")

    def visit_Include(self, node: nodes.Include) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% include %}")

    def visit_Import(self, node: nodes.Import) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% import %}")

    def visit_FromImport(self, node: nodes.FromImport) -> NoReturn:  # noqa: N802
        self._refuse(node, "{% from ... import %}")

    def visit_Name(self, node: nodes.Name) -> nodes.Node:  # noqa: N802
        if not node.name.startswith(_TAG_PREFIX):
            return node
        written = node.name[len(_TAG_PREFIX) :]
        tag = self.registry.get(written)
        if tag is None:
            raise TemplateError(
                f"unknown tag @{written}@", code="unknown_tag", line=node.lineno, name=f"@{written}@", tag=written
            )
        if node.ctx != "load":
            raise TemplateError(
                f"a tag cannot be assigned: @{written}@", code="syntax", line=node.lineno, name=f"@{written}@"
            )
        self.tags[tag.name] = tag
        return _internal_filter(nodes.Const(tag.name, lineno=node.lineno), "_tag", node.lineno)

    def _visit_filter_or_test(self, node: nodes.Filter | nodes.Test, kind: str) -> nodes.Node:
        if node.name.startswith("_"):
            raise TemplateError(f"no {kind} named {node.name!r}", code="syntax", line=node.lineno, name=node.name)
        self.generic_visit(node)
        return node

    def visit_Filter(self, node: nodes.Filter) -> nodes.Node:  # noqa: N802
        return self._visit_filter_or_test(node, "filter")

    def visit_Test(self, node: nodes.Test) -> nodes.Node:  # noqa: N802
        return self._visit_filter_or_test(node, "test")

    def visit_Getattr(self, node: nodes.Getattr) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.attr)
        if node.attr.startswith("_"):
            raise TemplateError(
                f"not allowed: access to attribute {node.attr!r}", code="security", line=node.lineno, name=node.attr
            )
        self.generic_visit(node)
        return node

    def visit_NSRef(self, node: nodes.NSRef) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.attr)
        if node.attr.startswith("_"):
            raise TemplateError(
                f"not allowed: setting attribute {node.attr!r}", code="security", line=node.lineno, name=node.attr
            )
        return node

    def visit_Keyword(self, node: nodes.Keyword) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.key)
        self.generic_visit(node)
        return node

    def visit_Macro(self, node: nodes.Macro) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.name)
        self.generic_visit(node)
        return node

    def visit_Block(self, node: nodes.Block) -> nodes.Node:  # noqa: N802
        self._check_tag_position(node, node.name)
        self.generic_visit(node)
        return node

    def visit_For(self, node: nodes.For) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        # jinja2 annotates For.iter as Node; its parser always stores an Expr there
        node.iter = _internal_filter(cast(nodes.Expr, node.iter), "_loop", node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:  # noqa: N802
        self.generic_visit(node)
        parts = nodes.Tuple(node.nodes, "load", lineno=node.lineno)
        return _internal_filter(parts, "_concat", node.lineno)

    def _visit_container(self, node: nodes.Expr) -> nodes.Node:
        self.generic_visit(node)
        return _internal_filter(node, "_container", node.lineno)

    def visit_List(self, node: nodes.List) -> nodes.Node:  # noqa: N802
        return self._visit_container(node)

    def visit_Dict(self, node: nodes.Dict) -> nodes.Node:  # noqa: N802
        return self._visit_container(node)

    def visit_Tuple(self, node: nodes.Tuple) -> nodes.Node:  # noqa: N802
        if node.ctx != "load":
            self.generic_visit(node)
            return node
        return self._visit_container(node)


class _Environment(ImmutableSandboxedEnvironment):
    """The hardened sandbox (one per mode, shared by all renderers)."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})
    concat = staticmethod(_bounded_concat)

    def __init__(self, *, autoescape: bool) -> None:
        super().__init__(
            autoescape=autoescape,
            undefined=_StrictUndefined,
            finalize=_finalize,
            optimized=False,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=0,
        )
        self.filters = _make_filters()
        for name in ("odd", "even", "divisibleby"):
            # jinja2 infers Environment.tests as dict[str, builtins.function], not Callable
            self.tests[name] = _number_test(self.tests[name])  # type: ignore[arg-type]
        self.globals = {"range": _range_global, "lipsum": _lipsum_global, "namespace": Namespace}

    @cached_property
    def lexer(self) -> Lexer:
        return _TagLexer(self)

    # -- attributes

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        return _attribute_allowed(obj, attr)

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, type):
            return obj is Namespace
        if getattr(obj, "__name__", None) in _DENIED_ATTRIBUTES:
            return False
        return super().is_safe_callable(obj)

    def unsafe_undefined(self, obj: Any, attribute: str) -> NoReturn:
        raise SecurityError(f"access to attribute {attribute!r} of a {_type_name(obj)} value")

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map are refused outright

    def _attribute(self, obj: Any, attribute: str) -> Any:
        if isinstance(obj, Undefined):
            obj._fail_with_undefined_error()
        allowed = _attribute_allowed(obj, attribute)
        if not allowed and (attribute.startswith("_") or attribute in _DENIED_ATTRIBUTES):
            self.unsafe_undefined(obj, attribute)
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            return missing  # reported as undefined
        if not allowed:
            self.unsafe_undefined(obj, attribute)
        return value

    def getattr(self, obj: Any, attribute: str) -> Any:
        otype = type(obj)
        if otype is FrozenMapping:
            value = obj._data.get(attribute, missing)
            if value is missing:
                value = self._attribute(obj, attribute)
        elif otype is dict:
            value = obj.get(attribute, missing)
            if value is missing:
                value = self._attribute(obj, attribute)
        else:
            value = self._attribute(obj, attribute)
            if value is missing:
                try:
                    return obj[attribute]
                except (TypeError, LookupError):
                    pass
        if value is missing:
            return self.undefined(obj=obj, name=attribute)
        return value

    def getitem(self, obj: Any, argument: Any) -> Any:
        try:
            return obj[argument]
        except (TypeError, LookupError):
            pass
        if isinstance(argument, str):
            value = self._attribute(obj, argument)
            if value is not missing:
                return value
        return self.undefined(obj=obj, name=argument)

    # -- filters called by name (map, select...)

    def call_filter(
        self,
        name: str,
        value: Any,
        args: Any = None,
        kwargs: Any = None,
        context: Context | None = None,
        eval_ctx: Any = None,
    ) -> Any:
        if not isinstance(name, str) or name.startswith("_"):
            raise SecurityError(f"no filter named {name!r}")
        return super().call_filter(name, value, args, kwargs, context, eval_ctx)

    def call_test(
        self,
        name: str,
        value: Any,
        args: Any = None,
        kwargs: Any = None,
        context: Context | None = None,
        eval_ctx: Any = None,
    ) -> Any:
        if not isinstance(name, str) or name.startswith("_"):
            raise SecurityError(f"no test named {name!r}")
        return super().call_test(name, value, args, kwargs, context, eval_ctx)

    # -- operators and calls

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        budget = _budget()
        _tick(budget)
        if operator == "%":
            if isinstance(left, str):
                _check_printf(left, right, budget)
        else:
            _BINOP_CHECKS[operator](left, right, budget)
        return self.binop_table[operator](left, right)

    def call(
        self,
        context: Context,
        obj: Any,
        /,
        *args: Any,
        **kwargs: Any,
    ) -> Any:
        budget = _budget()
        _tick(budget)
        if not self.is_safe_callable(obj):
            raise SecurityError(f"a {_type_name(obj)} value is not callable")
        owner = getattr(obj, "__self__", None)
        if isinstance(owner, str):
            method = getattr(obj, "__name__", "")
            if method != "join":  # join converts its items itself
                _check_plain_args(args, kwargs, budget)
            check = _STR_METHOD_CHECKS.get(method)
            if check is not None:
                replaced = check(owner, args, kwargs, budget)
                if replaced is not None:
                    args, kwargs = replaced, {}
        elif type(obj) is LoopContext and args:  # recursive loop: loop(children)
            args = (_counting(budget, args[0]), *args[1:])
        budget.depth += 1
        try:
            if budget.depth > budget.limits.max_recursion_depth:
                raise _limit("recursion_depth", budget.limits.max_recursion_depth)
            result = context.call(obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        return _check_size(result, budget)


_ENVIRONMENTS: dict[str, _Environment] = {
    "text": _Environment(autoescape=False),
    "html": _Environment(autoescape=True),
}
_GLOBALS: dict[str, Any] = dict(_ENVIRONMENTS["text"].globals)


class _Compiled:
    __slots__ = ("blocks", "mode", "root", "tags", "template")

    def __init__(self, template: jinja2.Template, tags: dict[str, Tag], mode: str) -> None:
        self.template = template
        self.root = template.root_render_func
        self.blocks = template.blocks
        self.tags = tags
        self.mode = mode


def _syntax_error(exc: JinjaSyntaxError) -> TemplateError:
    detail = f"syntax error: {exc.message}" if exc.message else "syntax error"
    return TemplateError(detail, code="syntax", line=exc.lineno or None)


def _compile(source: str, mode: str, registry: TagRegistry) -> _Compiled:
    env = _ENVIRONMENTS[mode]
    try:
        ast = env.parse(source)
        rewriter = _Rewriter(registry)
        ast = rewriter.visit(ast)
        ast.set_environment(env)
        code = env.compile(ast, filename=_FILENAME)
        template = env.template_class.from_code(env, code, env.make_globals(None))
    except TemplateError:
        raise
    except JinjaSyntaxError as exc:
        raise _syntax_error(exc) from None
    except (RecursionError, MemoryError):
        raise _limit("complexity") from None
    except (SyntaxError, ValueError, OverflowError) as exc:  # e.g. a 5,000-digit literal
        raise TemplateError(f"syntax error: {exc}", code="syntax") from None
    return _Compiled(template, rewriter.tags, mode)


# --------------------------------------------------------------------------- cache


class CacheInfo(NamedTuple):
    """Statistics of the compiled-template cache; ``misses`` counts compilations."""

    hits: int
    misses: int
    size: int
    maxsize: int


class _TemplateCache:
    """Thread-safe LRU of compiled templates by (source, mode, registry identity)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[tuple[str, str, int], _Compiled] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, source: str, mode: str, registry: TagRegistry) -> _Compiled:
        key = (source, mode, registry._token)
        with self._lock:
            compiled = self._data.get(key)
            if compiled is not None:
                self._data.move_to_end(key)
                self.hits += 1
                return compiled
        compiled = _compile(source, mode, registry)
        with self._lock:
            self.misses += 1
            self._data[key] = compiled
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return compiled

    def info(self) -> CacheInfo:
        with self._lock:
            return CacheInfo(self.hits, self.misses, len(self._data), self.maxsize)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0


_CACHE = _TemplateCache(maxsize=512)


def cache_info() -> CacheInfo:
    """Hits, misses (compilations), size and maximum size of the template cache."""
    return _CACHE.info()


def clear_cache() -> None:
    """Empty the compiled-template cache and reset its statistics."""
    _CACHE.clear()
