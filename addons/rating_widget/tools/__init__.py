from . import widget
from . import rating_status
