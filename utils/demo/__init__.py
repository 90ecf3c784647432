"""The synthetic demo data set, deterministic and labelled, with the stories planted in it.

Modules:

- ``dataset``: :func:`generate` the six canonical frames, :func:`load_demo` them as demo
  batches, :func:`remove_demo` them again.
- ``stories``: the planted stories the early warning should find, the seed and the months.
- ``enterprises``, ``names``, ``places``: fictitious enterprises, their names and BINs,
  where they are.
- ``arrears``, ``appeals``, ``events``: wage arrears, appeals, layoffs, incidents and the
  official regional tables that follow from them.
"""

from utils.demo.dataset import (
    KINDS_IN_LOAD_ORDER,
    frame_sha256,
    generate,
    load_demo,
    remove_demo,
)
from utils.demo.places import region_settlements
from utils.demo.stories import (
    DEFAULT_SEED,
    PLANTED_STORIES,
    default_end_month,
    get_story,
    month_labels,
    planted_stories,
)

__all__ = [
    "DEFAULT_SEED",
    "KINDS_IN_LOAD_ORDER",
    "PLANTED_STORIES",
    "default_end_month",
    "frame_sha256",
    "generate",
    "get_story",
    "load_demo",
    "month_labels",
    "planted_stories",
    "region_settlements",
    "remove_demo",
]
