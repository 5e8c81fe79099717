from . import test_french_and_companies
from . import test_rating_page
from . import test_status
from . import test_widget
from . import test_reasons_and_response
