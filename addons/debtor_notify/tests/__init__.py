from . import test_automatic, test_public_links, test_reminders
