from . import models
from . import rating_rating
from . import res_company
from . import res_config_settings
from . import res_partner
from . import mail_render_mixin
from . import rating_widget_reason
from . import messaging_outbox
