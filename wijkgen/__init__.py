"""wijkgen: a static-site generator for wijk profiles of community wealth building."""

# The one place the version is written: the package metadata (pyproject.toml reads it here), `wijkgen
# --version`, the build cache's fingerprint and the install line `wijkgen init` writes all take it from here.
__version__ = "0.1.0"
