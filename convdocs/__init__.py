"""convdocs: the small torch-backed library behind the book.

Import it as ``import convdocs as cd``. Every name below is documented, with an example, in the API
reference of the book.
"""

from convdocs.arithmetic import output_size
from convdocs.correlation import conv1d, conv2d, corr2d, corr2d_multi_in_out
from convdocs.dense import OffsetWeights, dense_weight_from_kernel, kernel_from_dense_weight, offset_weights
from convdocs.detector import detect, hit_rate, locate, waldo_kernel
from convdocs.equivariance import equivariance_error, interior, shift
from convdocs.images import SAMPLE_IMAGES, sample_image, sample_image_credit
from convdocs.params import conv_params, dense_params, locally_connected_params
from convdocs.plotting import (
    abbreviate_count,
    compare_score_maps,
    detection_heatmap,
    feature_map_grid,
    learning_curve_chart,
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
from convdocs.scene import Scene, make_scene
from convdocs.seeding import reset_gallery_state, seed_everything
from convdocs.shift_frames import ShiftFrames, error_summary, shift_frames
from convdocs.tables import Table, format_count, format_magnitude
from convdocs.training import (
    LabelledScenes,
    count_hits,
    labelled_scenes,
    train_detector,
    waldo_conv,
    waldo_mlp,
)

__version__ = "0.1.0"

__all__ = [
    "SAMPLE_IMAGES",
    "LabelledScenes",
    "OffsetWeights",
    "ReceptiveFieldMeasurement",
    "Scene",
    "ShiftFrames",
    "Table",
    "abbreviate_count",
    "assert_close",
    "compare_score_maps",
    "conv1d",
    "conv2d",
    "conv_params",
    "corr2d",
    "corr2d_multi_in_out",
    "count_hits",
    "dense_params",
    "dense_weight_from_kernel",
    "describe_agreement",
    "detect",
    "detection_heatmap",
    "equivariance_error",
    "error_summary",
    "feature_map_grid",
    "format_count",
    "format_magnitude",
    "hit_rate",
    "interior",
    "is_negligible",
    "kernel_from_dense_weight",
    "labelled_scenes",
    "learning_curve_chart",
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
    "shift_frames",
    "show_image",
    "show_kernel",
    "show_offsets",
    "signed_heatmap",
    "tolerance",
    "train_detector",
    "use_book_style",
    "waldo_conv",
    "waldo_kernel",
    "waldo_mlp",
    "weight_matrix",
]
