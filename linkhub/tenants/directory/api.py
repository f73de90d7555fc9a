"""API of the service directory."""

from __future__ import annotations

from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import endpoints, routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db

from . import services
from .models import Provider, Service
from .schemas import ProviderSchema, ServiceFilterArgs, ServiceSchema

blp = routing.network_api_blueprint(
    "directory_api", __name__, "/directory", description="The network's providers and services"
)


endpoints.collection(
    blp,
    "/providers",
    name="Providers",
    schema=ProviderSchema,
    read=MEMBER_ROLES,
    query=lambda: select(Provider).order_by(Provider.name),
    write=STAFF_ROLES,
    create=services.add_provider,
)


@blp.route("/providers/<int:provider_id>")
@blp.response(200, ProviderSchema)
@routing.require_roles(MEMBER_ROLES)
def get_provider(provider_id):
    return routing.get_or_404(Provider, provider_id)


@blp.route("/services")
class Services(MethodView):
    @blp.arguments(ServiceFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(ServiceSchema))
    @routing.require_roles(MEMBER_ROLES)
    def get(self, args, service_type=None, provider_id=None, identifier=None):
        query = select(Service).order_by(Service.name)
        if identifier:
            value = "".join(identifier.split())
            query = query.where((Service.ods_code == value.upper()) | (Service.cqc_location_id == value))
        if service_type:
            query = query.where(Service.service_type == service_type)
        if provider_id:
            query = query.where(Service.provider_id == provider_id)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @blp.arguments(ServiceSchema)
    @blp.response(201, ServiceSchema)
    @routing.require_roles(STAFF_ROLES)
    def post(self, data):
        return commit_or_abort(lambda: services.add_service(**data))


@blp.route("/services/<int:service_id>")
@blp.response(200, ServiceSchema)
@routing.require_roles(MEMBER_ROLES)
def get_service(service_id):
    return routing.get_or_404(Service, service_id)
