from rest_framework import serializers

from par.orgunits.models import Unit


class UnitSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "level", "parent", "depth", "valid_from", "valid_to"]
