from . import debtor_reminder
from . import payment_transaction
