"""python manage.py audit_export --center CODE --out FILE
python manage.py audit_export --verify FILE

Writes one center's audit chain (with `--no-center`: the entries that belong to no
center) as JSON lines to FILE, and FILE.sig: the file's SHA-256 and the
chain's ends under HMAC-SHA256 with the audit key (RONGMEI_AUDIT_KEY). For keeping the
log beyond its retention period; the export itself is audited. `--verify FILE` checks
the signature, the file's checksum and every entry's link in the chain.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from rongmei.core.audit import audit_export_check, audit_export_write
from rongmei.core.models import Center


class Command(BaseCommand):
    help = "把审计日志导出为带签名的文件（JSON Lines + .sig），或校验这样的文件。"

    def add_arguments(self, parser):
        parser.add_argument("--center", help="中心的行政区划代码")
        parser.add_argument("--no-center", action="store_true", help="导出不属于任何中心的记录")
        parser.add_argument("--out", help="输出文件（另写 <文件>.sig 签名文件）")
        parser.add_argument("--verify", metavar="FILE", help="校验一个导出文件及其签名")

    def handle(self, *args, center=None, no_center=False, out=None, verify=None, **options):
        if verify:
            try:
                meta = audit_export_check(Path(verify))
            except ValidationError as exc:
                raise CommandError("；".join(exc.messages)) from exc
            self.stdout.write(
                f"audit export ok: {meta['entries']} entries"
                f"（中心 {meta['center'] or '无'}，序号 {meta['first_seq']}–{meta['last_seq']}）"
            )
            return
        if not out:
            raise CommandError("请用 --out 指定输出文件，或用 --verify 校验文件。")
        if bool(center) == bool(no_center):
            raise CommandError("请用 --center 指定一个中心，或用 --no-center。")
        center_obj = None
        if center:
            center_obj = Center.objects.filter(code=center.strip()).first()
            if center_obj is None:
                raise CommandError(f"中心 {center} 不存在。")
        path = Path(out)
        if not path.parent.is_dir():
            raise CommandError(f"目录 {path.parent} 不存在。")
        meta = audit_export_write(center=center_obj, out=path)
        self.stdout.write(
            f"已导出 {meta['entries']} 条审计日志到 {path}，签名文件 {path.name}.sig。"
        )
