"""The web app: runner and specialist pages and the JSON API, over the same services as the CLI."""

from achillescare.web.app import create_app

__all__ = ["create_app"]
