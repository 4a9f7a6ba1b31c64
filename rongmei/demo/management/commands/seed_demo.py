"""python manage.py seed_demo --center CODE --year 2021 [--scale N] [--seed S] [--name NAME]"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from rongmei.demo.services import DEMO_PASSWORD, demo_seed
from rongmei.website.services import site_home_ensure


class Command(BaseCommand):
    help = "生成演示中心及其一整年的业务数据（可重复执行，结果确定）。"

    def add_arguments(self, parser):
        parser.add_argument("--center", default="632224", help="6位行政区划代码")
        parser.add_argument("--name", default="示范县融媒体中心")
        parser.add_argument("--year", type=int, default=2021)
        parser.add_argument("--scale", type=int, default=1, help="规模倍数，基准测试用 10")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--quiet", action="store_true", help="不显示进度与账号")

    def handle(self, *args, center, name, year, scale, seed, quiet, **options):
        if not (len(center) == 6 and center.isdigit()):
            raise CommandError("中心代码必须是6位行政区划代码。")
        if scale < 1:
            raise CommandError("--scale 至少为 1。")
        bar = tqdm(desc="演示数据", unit="项", disable=quiet, file=self.stderr._out)

        def progress(label: str, n: int) -> None:
            bar.set_postfix_str(label)
            bar.update(n)

        result = demo_seed(
            code=center, name=name, year=year, scale=scale, seed=seed, progress=progress
        )
        site_home_ensure(center=result.center)
        bar.close()
        if quiet:
            return
        self.stdout.write(f"演示中心：{result.center.name}（{result.center.code}），{year} 年")
        for key, value in result.counts.items():
            self.stdout.write(f"  {key}: {value}")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, display, role in result.accounts:
            self.stdout.write(f"  {username:<12} {display:<8} {role}")
