"""Starting points for authors: ``init`` and ``new`` with their skeletons, and what editors need
(the schemas as files, modelines, VS Code settings)."""
