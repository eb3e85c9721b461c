"""The model and its assembly: typed, frozen entities built from the loaded documents, with
cross-references checked, Markdown rendered and sanitised, photos planned, private data left out."""
