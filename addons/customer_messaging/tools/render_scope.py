"""What the computed tags of a render may use, handed to the engine explicitly.

The engine (``messaging_core.templating``) gives a computed tag the frozen, plain
render context and the ``scope`` its caller passed to ``Renderer.render``; it never
reads the scope. The suite's entry points that render a message (a template, a bulk
send, the composer's text, the outbox's batches) pass a :class:`RenderScope`: the
environment, the mode, whether it is a preview, the documents of the batch being
rendered, and a place where a module keeps what the batch shares (the rating widget
makes the tokens of a whole batch in one statement)."""

from dataclasses import dataclass, field
from typing import Any


@dataclass(eq=False)
class RenderScope:
    env: Any
    #: ``"html"`` (emails) or ``"text"`` (SMS): how a computed tag shows itself
    mode: str
    #: a preview: links go nowhere and nothing is written
    preview: bool = False
    #: ``(model, res_id, partner_id)`` of every message rendered in this scope, in order
    documents: list[tuple[str, int, int]] = field(default_factory=list)
    #: what the renders of this scope share, one key per module (``"rating_widget.tokens"``)
    shared: dict[str, Any] = field(default_factory=dict)
