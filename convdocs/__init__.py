"""convdocs: the small torch-backed library behind the book.

Import it as ``import convdocs as cd``. Every name below is documented, with an example, in the API
reference of the book.
"""

from convdocs.arithmetic import output_size
from convdocs.correlation import conv1d, conv2d, corr2d, corr2d_multi_in_out
from convdocs.dense import OffsetWeights, dense_weight_from_kernel, kernel_from_dense_weight, offset_weights
from convdocs.equivariance import equivariance_error, interior, shift
from convdocs.images import SAMPLE_IMAGES, sample_image, sample_image_credit
from convdocs.params import conv_params, dense_params, locally_connected_params
from convdocs.plotting import (
    abbreviate_count,
    detection_heatmap,
    feature_map_grid,
    number_grid,
    parameter_chart,
    show_image,
    show_kernel,
    show_offsets,
    signed_heatmap,
    use_book_style,
    weight_matrix,
)
from convdocs.precision import assert_close, describe_agreement, is_negligible, tolerance
from convdocs.receptive_field import ReceptiveFieldMeasurement, measure_receptive_field, receptive_field
from convdocs.seeding import reset_gallery_state, seed_everything
from convdocs.tables import Table, format_count, format_magnitude
from convdocs.waldo import Scene, detect, hit_rate, locate, make_scene, waldo_kernel

__version__ = "0.1.0"

__all__ = [
    "SAMPLE_IMAGES",
    "OffsetWeights",
    "ReceptiveFieldMeasurement",
    "Scene",
    "Table",
    "abbreviate_count",
    "assert_close",
    "conv1d",
    "conv2d",
    "conv_params",
    "corr2d",
    "corr2d_multi_in_out",
    "dense_params",
    "dense_weight_from_kernel",
    "describe_agreement",
    "detect",
    "detection_heatmap",
    "equivariance_error",
    "feature_map_grid",
    "format_count",
    "format_magnitude",
    "hit_rate",
    "interior",
    "is_negligible",
    "kernel_from_dense_weight",
    "locally_connected_params",
    "locate",
    "make_scene",
    "measure_receptive_field",
    "number_grid",
    "offset_weights",
    "output_size",
    "parameter_chart",
    "receptive_field",
    "reset_gallery_state",
    "sample_image",
    "sample_image_credit",
    "seed_everything",
    "shift",
    "show_image",
    "show_kernel",
    "show_offsets",
    "signed_heatmap",
    "tolerance",
    "use_book_style",
    "waldo_kernel",
    "weight_matrix",
]
