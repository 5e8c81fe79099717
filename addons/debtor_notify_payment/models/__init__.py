from . import debtor_reminder
from . import payment_transaction
from . import res_company
from . import res_config_settings
