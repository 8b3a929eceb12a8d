"""The OpenAPI description of a province's token on the national inbox (drf-spectacular): `Authorization:
Province prv_…`."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object


class ProvinceTokenScheme(OpenApiAuthenticationExtension):
    target_class = "par.sync.authentication.ProvinceTokenAuthentication"
    name = "provinceToken"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=self.target.authenticate_header(None)
        )
