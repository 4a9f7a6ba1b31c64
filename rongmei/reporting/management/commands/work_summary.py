"""`manage.py work_summary`: the work summary of a period as a Word document (and PDF)."""

import shutil
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rongmei.reporting.commands import add_period_arguments, center_from_option, period_from_options
from rongmei.reporting.summary import work_summary_build

PDF_TIMEOUT_SECONDS = 180


def find_libreoffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class Command(BaseCommand):
    help = "生成一段时间的工作总结（Word 文档，可另存 PDF），数据来自统计口径。"

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--center", help="融媒体中心的行政区划代码；只有一个中心时可省略")
        parser.add_argument("--out", required=True, help="输出的 .docx 文件")
        parser.add_argument("--pdf", action="store_true", help="同时用 LibreOffice 转换为 PDF")

    def handle(self, *args, **options):
        start, end = period_from_options(options)
        center = center_from_option(options.get("center"))
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError("输出文件应以 .docx 结尾。")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(work_summary_build(center=center, start=start, end=end))
        self.stdout.write(str(out))
        if options["pdf"]:
            self.stdout.write(str(self._convert(out)))

    def _convert(self, docx: Path) -> Path:
        office = find_libreoffice()
        if office is None:
            raise CommandError(
                f"未找到 LibreOffice（soffice 或 libreoffice 命令），无法生成 PDF；"
                f"Word 文档已写入 {docx}。请安装 LibreOffice 后重试，或用 Word/WPS 另存为 PDF。"
            )
        try:
            subprocess.run(  # noqa: S603
                [
                    office,
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(docx.parent),
                    str(docx),
                ],
                check=True,
                capture_output=True,
                timeout=PDF_TIMEOUT_SECONDS,
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
            raise CommandError(f"LibreOffice 转换 PDF 失败；Word 文档已写入 {docx}。{exc}") from exc
        pdf = docx.with_suffix(".pdf")
        if not pdf.exists():
            raise CommandError(f"LibreOffice 未生成 PDF；Word 文档已写入 {docx}。")
        return pdf
