from __future__ import annotations

import marshmallow as ma
from marshmallow import validate

from .models import LINK_KINDS, STATUSES


class WorkItemSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    title = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    issue_id = ma.fields.Integer(allow_none=True, load_default=None)
    task_group_id = ma.fields.Integer(allow_none=True, load_default=None)
    owner = ma.fields.String(required=True, validate=validate.Length(min=1, max=200))
    outcome = ma.fields.String(
        required=True, validate=validate.Length(min=1, max=5000), metadata={"description": "the measurable outcome"}
    )
    target_on = ma.fields.Date(required=True, data_key="target_date")
    status = ma.fields.String(load_default="not_started", validate=validate.OneOf(list(STATUSES)))
    completed_on = ma.fields.Date(dump_only=True, data_key="completed_date")
    overdue = ma.fields.Boolean(attribute="is_overdue", dump_only=True)
    linked_kind = ma.fields.String(allow_none=True, load_default=None, validate=validate.OneOf(list(LINK_KINDS)))
    linked_id = ma.fields.Integer(allow_none=True, load_default=None)
    created_at = ma.fields.DateTime(dump_only=True)


class WorkItemUpdateSchema(WorkItemSchema):
    title = ma.fields.String(validate=validate.Length(min=1, max=200))
    issue_id = ma.fields.Integer(allow_none=True)
    task_group_id = ma.fields.Integer(allow_none=True)
    owner = ma.fields.String(validate=validate.Length(min=1, max=200))
    outcome = ma.fields.String(validate=validate.Length(min=1, max=5000))
    target_on = ma.fields.Date(data_key="target_date")
    status = ma.fields.String(validate=validate.OneOf(list(STATUSES)))
    linked_kind = ma.fields.String(allow_none=True, validate=validate.OneOf(list(LINK_KINDS)))
    linked_id = ma.fields.Integer(allow_none=True)


class WorkItemFilterArgs(ma.Schema):
    status = ma.fields.String(validate=validate.OneOf(list(STATUSES)))
    task_group_id = ma.fields.Integer()
    issue_id = ma.fields.Integer()
    overdue = ma.fields.Boolean()


class TaskGroupSchema(ma.Schema):
    id = ma.fields.Integer(dump_only=True)
    name = ma.fields.String(required=True, validate=validate.Length(min=1, max=120))
    purpose = ma.fields.String(load_default="", validate=validate.Length(max=5000))
    member_ids = ma.fields.List(
        ma.fields.Integer(),
        load_default=list,
        metadata={"description": "people of the register of members and participants"},
    )
    members = ma.fields.List(ma.fields.Dict(), dump_only=True, metadata={"description": "[{person_id, name}]"})
    started_on = ma.fields.Date(dump_only=True)
    ended_on = ma.fields.Date(dump_only=True, metadata={"description": "set when all its work items are completed"})


class TaskGroupUpdateSchema(TaskGroupSchema):
    name = ma.fields.String(validate=validate.Length(min=1, max=120))
    purpose = ma.fields.String(validate=validate.Length(max=5000))
    member_ids = ma.fields.List(ma.fields.Integer())


class TaskGroupFilterArgs(ma.Schema):
    active = ma.fields.Boolean(metadata={"description": "true: groups not ended; false: ended groups"})
