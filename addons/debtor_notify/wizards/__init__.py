from . import debtor_notify_wizard, debtor_notify_wizard_line
