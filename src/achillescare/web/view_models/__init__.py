"""View models: one plain context per page, rendered as HTML by a template and as JSON by the API."""
