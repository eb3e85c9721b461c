"""The live preview (``wijkgen serve``): the server, the watcher, and incremental re-rendering.
It wraps the stages and keeps its state here; no stage imports it."""
