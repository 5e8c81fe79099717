from . import mail_notification
from . import messaging_sms_provider
from . import models
from . import phone_blacklist
from . import res_company
from . import res_config_settings
from . import sms_sms
