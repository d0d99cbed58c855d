"""Register ``sphinx_gallery_conf`` as sphinx-gallery does, without running a gallery."""


def setup(app):
    """Register the configuration value that docs/_ext/fast_images.py reads."""
    app.add_config_value("sphinx_gallery_conf", {}, "html")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
