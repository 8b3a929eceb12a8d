# Reads the plan and the one-stop data, so it comes after them, and before the reports that would read it.
AFTER: tuple[str, ...] = ("plans", "dossiers")


def load_demo(units: dict, stdout) -> None:
    stdout.write("Announced demo data.")
