from rest_framework import viewsets
from rest_framework.response import Response


class AnnouncedViewSet(viewsets.ViewSet):
    def list(self, request):
        return Response([])


def register(router) -> None:
    router.register("announced", AnnouncedViewSet, basename="announced")
