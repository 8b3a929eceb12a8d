"""Helpers for tests: a key issued through the same action as the page and the command."""

from __future__ import annotations

from par.apitokens.actions import do_issue_api_token
from par.apitokens.models import TokenAccess


def issue_key(user, *, access: str = TokenAccess.READ, units=(), days: int | None = None) -> str:
    """Issue a token acting as `user` (as `manage.py issue_api_token` would) and return its key."""
    _token, key = do_issue_api_token(
        user=user, name="Hệ thống thử nghiệm", access=access, units=units, days=days, actor=None
    )
    return key


def token_header(key: str) -> dict[str, str]:
    """The test client's keyword for `Authorization: Token <key>`."""
    return {"HTTP_AUTHORIZATION": f"Token {key}"}
