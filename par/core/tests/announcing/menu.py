GROUP = "system"
ORDER = 25  # between the working calendar (20) and the audit trail (30)


def items(user, roles: set[str]) -> list[dict]:
    return [{"label": "Announced page", "url": "/announced/", "key": "announced"}]
