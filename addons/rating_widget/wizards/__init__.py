from . import mail_template_preview
from . import messaging_template_preview
