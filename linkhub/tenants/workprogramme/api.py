"""API of the work programme: work items (filter by status, task group, issue, overdue) and
task groups. Members read; staff write."""

from __future__ import annotations


from flask.views import MethodView
from sqlalchemy import select

from linkhub.platform import routing
from linkhub.platform.endpoints import commit_or_abort
from linkhub.platform.api import PageArgs, page_schema, paginate
from linkhub.platform.auth import MEMBER_ROLES, STAFF_ROLES
from linkhub.platform.db import db
from linkhub.platform.routing import loads
from linkhub.platform import clock

from . import services
from .models import TaskGroup, WorkItem
from .reporting import ORDER
from .schemas import (
    TaskGroupFilterArgs,
    TaskGroupSchema,
    TaskGroupUpdateSchema,
    WorkItemFilterArgs,
    WorkItemSchema,
    WorkItemUpdateSchema,
)

blp = routing.network_api_blueprint(
    "workprogramme_api", __name__, "/work-programme", description="The work programme: work items and task groups"
)


@blp.route("/items")
class Items(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(WorkItemFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(WorkItemSchema))
    def get(self, args, status=None, task_group_id=None, issue_id=None, overdue=None):
        """Work items, unfinished first and soonest target first."""
        query = select(WorkItem).order_by(*ORDER)
        for column, value in (
            (WorkItem.status, status),
            (WorkItem.task_group_id, task_group_id),
            (WorkItem.issue_id, issue_id),
        ):
            if value is not None:
                query = query.where(column == value)
        late = (WorkItem.status != "done") & (WorkItem.target_on < clock.today())
        if overdue is not None:
            query = query.where(late if overdue else ~late)
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(WorkItemSchema)
    @blp.response(201, WorkItemSchema)
    def post(self, data):
        """Add a work item (staff)."""
        return commit_or_abort(lambda: services.add_item(**data))


@blp.route("/items/<int:work_item_id>")
class Item(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(WorkItem, "work_item_id")
    @blp.response(200, WorkItemSchema)
    def get(self, work_item):
        return work_item

    @routing.require_roles(STAFF_ROLES)
    @loads(WorkItem, "work_item_id")
    @blp.arguments(WorkItemUpdateSchema)
    @blp.response(200, WorkItemSchema)
    def patch(self, data, work_item):
        """Change a work item or its status (staff); its task group ends when all its items are done."""
        return commit_or_abort(lambda: services.update_item(work_item, **data))


@blp.route("/task-groups")
class Groups(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @blp.arguments(TaskGroupFilterArgs, location="query", as_kwargs=True)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, page_schema(TaskGroupSchema))
    def get(self, args, active=None):
        query = select(TaskGroup).order_by(TaskGroup.name, TaskGroup.id)
        if active is not None:
            query = query.where(TaskGroup.ended_on.is_(None) if active else TaskGroup.ended_on.is_not(None))
        body, headers = paginate(db.session, query, args)
        return body, 200, headers

    @routing.require_roles(STAFF_ROLES)
    @blp.arguments(TaskGroupSchema)
    @blp.response(201, TaskGroupSchema)
    def post(self, data):
        """Set up a task group (staff)."""
        return commit_or_abort(lambda: services.add_task_group(**data))


@blp.route("/task-groups/<int:task_group_id>")
class Group(MethodView):
    @routing.require_roles(MEMBER_ROLES)
    @loads(TaskGroup, "task_group_id")
    @blp.response(200, TaskGroupSchema)
    def get(self, task_group):
        return task_group

    @routing.require_roles(STAFF_ROLES)
    @loads(TaskGroup, "task_group_id")
    @blp.arguments(TaskGroupUpdateSchema)
    @blp.response(200, TaskGroupSchema)
    def patch(self, data, task_group):
        return commit_or_abort(lambda: services.update_task_group(task_group, **data))
