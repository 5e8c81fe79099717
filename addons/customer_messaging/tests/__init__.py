from . import test_plain_values
from . import test_settings
from . import test_sms_crash
from . import test_sms_providers
from . import test_sms_twilio
from . import test_tours
from . import test_translations
from . import test_twilio_webhooks
