from . import main
from . import unsubscribe
from . import portal
