from . import (
    account_move,
    debtor_reminder,
    debtor_reminder_level,
    debtor_reminder_line,
    messaging_outbox,
    res_company,
    res_config_settings,
    res_partner,
)
