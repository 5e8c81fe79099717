from . import test_notices
from . import test_portal_and_tour
from . import test_one_message_per_event
