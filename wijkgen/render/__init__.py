"""Page planning and rendering: which pages exist and their addresses, the Jinja environment that turns
each page into HTML, and the inline SVG pictures (charts, maps) templates ask for."""
