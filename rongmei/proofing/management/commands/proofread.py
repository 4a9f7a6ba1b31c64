"""Check a text file (or standard input with "-") and print the findings.

Exit status 1 when a blocking finding remains, so scripts can stop on it.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from rongmei.core.models import Center
from rongmei.proofing import services


class Command(BaseCommand):
    help = "机器初筛：检查一个文本文件（- 表示标准输入），列出问题；有阻断级问题时退出码为 1。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="UTF-8 文本文件，或 - 读标准输入")
        parser.add_argument("--center", help="融媒体中心的行政区划代码；只有一个中心时可省略")
        parser.add_argument("--json", action="store_true", help="输出 JSON")

    def handle(self, *args, **options):
        center = self._center(options.get("center"))
        if options["file"] == "-":
            text = sys.stdin.read()
        else:
            try:
                with open(options["file"], encoding="utf-8-sig") as fh:
                    text = fh.read()
            except OSError as exc:
                raise CommandError(f"无法读取文件：{exc}") from exc
            except UnicodeDecodeError as exc:
                raise CommandError("文件不是 UTF-8 编码。") from exc
        result = services.proofread(center=center, text=text)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        else:
            self._print(result)
        if result.has_blocking:
            sys.exit(1)

    def _center(self, code):
        if code:
            center = Center.objects.filter(code=code).first()
            if center is None:
                raise CommandError(f"没有代码为 {code} 的中心。")
            return center
        centers = list(Center.objects.all()[:2])
        if len(centers) != 1:
            raise CommandError("请用 --center 指定中心。")
        return centers[0]

    def _print(self, result):
        for lexicon in result.versions:
            self.stdout.write(f"# {lexicon['lexicon']} v{lexicon['version']}")
        for f in result.findings:
            r = f.span.rule
            level = "阻断" if f.blocking else ("提示(已保留)" if f.accepted else "提示")
            line = f"{f.span.start}-{f.span.end}\t{level}\t{f.span.text}\t{r.message}"
            if r.suggestion:
                line += f"\t→ {r.suggestion}"
            self.stdout.write(line)
        blocking = sum(1 for f in result.findings if f.blocking)
        self.stdout.write(
            f"共 {len(result.findings)} 处，阻断 {blocking} 处，"
            f"未处理提示 {len(result.open_warnings)} 处。"
        )
