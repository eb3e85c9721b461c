"""wijkgen: a static-site generator for wijk profiles of community wealth building."""

__version__ = "0.1.0"
