from . import test_automatic
from . import test_public_links
from . import test_reminders
