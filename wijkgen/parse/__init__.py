"""Reading one file: decoding text, YAML and Markdown front matter into values with line marks, guided by
its schema, within the bounds in ``limits`` and the path rules in ``paths``."""
