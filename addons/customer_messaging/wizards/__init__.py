from . import messaging_composer
from . import messaging_template_preview
from . import messaging_rule_edit
from . import messaging_interaction_reply
