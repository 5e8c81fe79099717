from . import test_documents
from . import test_rules
from . import test_rules_crash
from . import test_tours
