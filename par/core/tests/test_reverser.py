"""Many paths of one view for many ids, at the cost of one reverse."""

from django.urls import reverse

from par.core.links import Reverser


def test_a_reverser_gives_the_paths_reverse_gives_for_every_id_and_argument():
    links = Reverser()
    for pk in (1, 7, 42, 2147483647, 99999999999):
        for code in ("dossiers.received", "plans.tasks_due"):
            assert links("dashboards:measure", pk, code) == reverse("dashboards:measure", args=[pk, code])
        assert links("dashboards:unit", pk) == reverse("dashboards:unit", args=[pk])
