"""HTML pages: each renders a view model from :mod:`achillescare.web.views` with a template."""
