"""The declared content model: the JSON Schemas and the framework that completes them, validation with
located explanations, and the reference for authors written from the same schemas."""
