from . import messaging_template
from . import messaging_service
