from . import helpdesk_ticket
from . import messaging_outbox
from . import res_company
from . import res_config_settings
