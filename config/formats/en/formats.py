# The English interface keeps the municipality's ISO dates and Swedish number
# layout, so figures read the same in both languages.
from config.formats.sv.formats import *  # noqa: F403
