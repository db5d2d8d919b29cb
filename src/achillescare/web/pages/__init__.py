"""HTML pages: each renders a view model from :mod:`achillescare.web.view_models` with a template."""
