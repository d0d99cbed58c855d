"""convdocs: the small torch-backed library behind the book.

Import it as ``import convdocs as cd``: every public name of every module is here. Each module declares
its names once, in its ``__all__``; this file gathers them in the order of the book's subjects, the
order of the API reference.
"""

from importlib import import_module
from importlib.metadata import version

from convdocs.arithmetic import *  # noqa: F403
from convdocs.correlation import *  # noqa: F403
from convdocs.dense import *  # noqa: F403
from convdocs.detector import *  # noqa: F403
from convdocs.equivariance import *  # noqa: F403
from convdocs.formatting import *  # noqa: F403
from convdocs.frames import *  # noqa: F403
from convdocs.images import *  # noqa: F403
from convdocs.offsets import *  # noqa: F403
from convdocs.params import *  # noqa: F403
from convdocs.plotting import *  # noqa: F403
from convdocs.precision import *  # noqa: F403
from convdocs.receptive_fields import *  # noqa: F403
from convdocs.scene import *  # noqa: F403
from convdocs.seeding import *  # noqa: F403
from convdocs.tables import *  # noqa: F403
from convdocs.training import *  # noqa: F403

__version__ = version("convdocs")

# The modules that define the public names, in the order of the book's subjects (and of the API
# reference); convdocs.plotting gathers the names of its modules for readers of the plotting package.
_SUBJECTS = (
    "correlation",
    "dense",
    "offsets",
    "arithmetic",
    "params",
    "receptive_fields",
    "equivariance",
    "frames",
    "scene",
    "detector",
    "training",
    "images",
    "plotting.maps",
    "plotting.cells",
    "plotting.grids",
    "plotting.offsets",
    "plotting.detection",
    "plotting.learning",
    "plotting.charts",
    "plotting.style",
    "tables",
    "formatting",
    "precision",
    "seeding",
)
__all__ = [name for subject in _SUBJECTS for name in import_module(f"convdocs.{subject}").__all__]
