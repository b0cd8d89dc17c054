from django.db import migrations


def sync(apps, schema_editor):
    from archive.roles import sync_roles

    sync_roles(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_issue3_workflow"),
        ("meetings", "0003_issue3_workflow"),
        ("people", "0003_issue3_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
