"""Errors an action raises; each carries a message fit to show the person who tried."""

from __future__ import annotations

from django.utils.functional import Promise


class ActionError(Exception):
    status_code = 400

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


class InvalidTransition(ActionError):
    """The complaint's status does not allow this action (someone may have acted first)."""

    status_code = 409


class StaleComplaint(ActionError):
    """The form was made from an older version of the complaint."""

    status_code = 409


class NotPermitted(ActionError):
    status_code = 403


class InvalidInput(ActionError):
    status_code = 400
