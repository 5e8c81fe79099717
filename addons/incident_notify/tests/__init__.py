from . import test_notices
from . import test_portal_and_tour
