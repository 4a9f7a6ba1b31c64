"""python manage.py audit_verify [--center CODE]

Recomputes the audit log's hash chain (each entry's HMAC over the one before it) and
checks that the append-only triggers are in place. Prints `audit chain ok: N entries`
and exits 0, or names the first broken entry (id, time, why) and exits 1.
"""

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.audit import audit_chain_verify, audit_triggers_missing
from rongmei.core.models import Center


class Command(BaseCommand):
    help = "校验审计日志的哈希链：逐条重算摘要，找出第一条被改动、删除或插入的记录。"

    def add_arguments(self, parser):
        parser.add_argument("--center", help="只校验这个中心（行政区划代码）的审计链")

    def handle(self, *args, center=None, **options):
        center_obj = None
        if center:
            center_obj = Center.objects.filter(code=center.strip()).first()
            if center_obj is None:
                raise CommandError(f"中心 {center} 不存在。")
        count, broken = audit_chain_verify(center=center_obj)
        if broken is not None:
            raise CommandError(f"audit chain broken: {broken}")
        missing = audit_triggers_missing()
        if missing:
            raise CommandError(
                "审计日志表的只追加触发器缺失（数据库不再拒绝改动和删除）："
                + "、".join(missing)
                + "。请运行 manage.py migrate 或恢复触发器。"
            )
        self.stdout.write(f"audit chain ok: {count} entries")
