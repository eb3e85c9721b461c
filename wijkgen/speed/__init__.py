"""Speed as a layer around the stages: the build cache between runs and worker processes across cores.
No stage imports it; the build sequence is handed its faster versions of a step."""
