"""The load stage: walk a project, read its config and every content file, parse and validate each one.
The only stage that reads content from disk; it returns plain data and every problem."""
