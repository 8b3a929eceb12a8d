"""Entries this app adds to the main navigation (see par.accounts.context_processors)."""


def items(user, roles: set[str]) -> list[dict]:
    return []
