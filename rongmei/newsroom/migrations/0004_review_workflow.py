"""The default 三审三校 workflow for stories, and the newsroom roles' permissions."""

from django.db import migrations

from rongmei.core.permissions import grant_role_permissions, model_perms

WORKFLOW = "三审三校"
TASKS = [
    ("prechecktask", "机器初筛", None),
    ("reviewtask", "初审（责任编辑）", "first"),
    ("reviewtask", "复审（部门主任）", "second"),
    ("reviewtask", "终审签发（总编辑）", "final"),
]
WRITERS = ["reporter", "camera", "channel_operator"]
REVIEWERS = ["editor", "desk_head", "chief_editor"]


def forwards(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowContentType = apps.get_model("wagtailcore", "WorkflowContentType")
    story_ct, _ = ContentType.objects.get_or_create(app_label="newsroom", model="story")
    workflow, created = Workflow.objects.get_or_create(name=WORKFLOW, defaults={"active": True})
    if created:
        for order, (model, name, level) in enumerate(TASKS):
            ct, _ = ContentType.objects.get_or_create(app_label="newsroom", model=model)
            Model = apps.get_model("newsroom", model)
            fields = {"name": name, "active": True, "content_type": ct}
            if level:
                fields["level"] = level
            task = Model.objects.create(**fields)
            WorkflowTask.objects.create(workflow=workflow, task_id=task.pk, sort_order=order)
    WorkflowContentType.objects.get_or_create(content_type=story_ct, defaults={"workflow": workflow})

    base = [
        *model_perms("newsroom", "story", ("view", "add", "change")),
        *model_perms("newsroom", "channelversion", ("view", "add", "change")),
        "newsroom.view_reviewrecord",
    ]
    grants = {role: list(base) for role in WRITERS}
    for role in REVIEWERS:
        grants[role] = [*base, "newsroom.lock_story", "newsroom.unlock_story"]
    grants["desk_head"].append("newsroom.withdraw_story")
    grants["chief_editor"].append("newsroom.withdraw_story")
    grants["director"] = ["newsroom.view_story", "newsroom.view_channelversion", "newsroom.view_reviewrecord"]
    grant_role_permissions(apps, grants)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_stories"),
        ("newsroom", "0002_role_permissions"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
