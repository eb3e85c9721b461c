"""The side outputs besides the pages: feeds, open data, SEO files, resized photos, and the search index."""
