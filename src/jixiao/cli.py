"""Command line: ``jixiao check | score | import | summary | render | rules | schema | serve``.

Every command works on package files (.yaml/.json) and — through the importers — on the
documents themselves (.txt, .docx, .xlsx, .pdf, .html). Errors are printed in Chinese and give a
non-zero exit status; nothing is written unless the whole command succeeded.

Everything a person reads is Chinese: the help of every command and option, the usage lines
("用法：jixiao check [选项] 文件..."), click's own messages for a bad parameter or a missing
argument (:data:`CLICK_MESSAGES`, given to click through the gettext names its modules call), and
help text wrapped by the Chinese line-breaking rules. Findings name their place as the paper
prints it, never by a path of the package (:func:`jixiao.model.labels.describe`).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, cast

import click

if TYPE_CHECKING:  # imported where used: ``jixiao --help`` and a single check start without the model
    from jixiao.audit import Finding
    from jixiao.model import EvaluationPackage

PACKAGE_SUFFIXES = {".yaml", ".yml", ".json"}

CLICK_MESSAGES: dict[str, str] = {
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Show this message and exit.": "显示本帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s，版本 %(version)s",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "deprecated": "已弃用",
    "(dynamic)": "（动态）",
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "运行“{command} {option}”查看帮助。",
    "Invalid value for {param_hint}: {message}": "参数 {param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Missing command.": "缺少命令。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "Did you mean {possibility}?": "是否要用 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否要用其中之一：{possibilities}？）",
    "Got unexpected extra argument ({args})": "多出了参数（{args}）",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 需要一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 不接受值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not {choice}.": "{value!r} 不是可选值 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可选值之一（可选：{choices}）。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出了范围 {range}。",
    "{value!r} does not match the format {format}.": "{value!r} 不符合格式 {format}（如 2024-07-31）。",
    "{value!r} does not match the formats {formats}.": "{value!r} 不符合格式 {formats}。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的是/否值，可用：{states}",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{name} {filename!r} 是一个文件。",
    "{name} {filename!r} is a directory.": "{name} {filename!r} 是一个目录，请给出文件。",
    "{name} {filename!r} is not readable.": "{name} {filename!r} 无法读取。",
    "{name} {filename!r} is not writable.": "{name} {filename!r} 无法写入。",
    "{name} {filename!r} is not executable.": "{name} {filename!r} 不可执行。",
    "file": "文件",
    "directory": "目录",
    "path": "路径",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "Aborted!": "已中止。",
    "unknown error": "未知错误",
}
"""click's own messages in Chinese (click calls ``gettext`` on each; :func:`_use_chinese` routes those
calls here). A message not listed stays as click wrote it."""


def _gettext(message: str) -> str:
    return CLICK_MESSAGES.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return CLICK_MESSAGES.get(singular if n == 1 else plural, singular if n == 1 else plural)


def _use_chinese() -> None:
    """Give click's modules the Chinese messages: each calls the ``_`` / ``ngettext`` it imported
    from :mod:`gettext`, so those names are pointed at :data:`CLICK_MESSAGES`."""
    import importlib

    for name in ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils"):
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:  # pragma: no cover - a click without this module
            continue
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


_use_chinese()


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def wrap_chinese(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a Chinese character is two), broken by the
    Chinese rules of :mod:`jixiao.renderers.linebreak` (no line starts with "，" or "、")."""
    from jixiao.renderers.linebreak import break_points

    chars = list(_join_lines(text))
    if not chars:
        return []
    widths = [float(_display_width(c)) for c in chars]
    out: list[str] = []
    start = 0
    for end in break_points(chars, widths, [float(max(width, 10))]):
        line = "".join(chars[start:end]).strip()
        if line:
            out.append(line)
        start = end
    return out


def _join_lines(text: str) -> str:
    """A paragraph's lines as one: joined with a space between Latin words, with nothing beside Chinese."""
    out = ""
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        if out and not (_display_width(out[-1]) == 2 or _display_width(line[0]) == 2):
            out += " "
        out += line
    return out


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help formatter with Chinese punctuation and line breaking for the descriptions."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for paragraph in text.split("\n\n"):
            for line in wrap_chinese(paragraph, self.width - self.current_indent):
                self.write(f"{indent}{line}\n")
            self.write("\n")
        if text:
            self.buffer.pop()  # no blank line after the last paragraph

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((_display_width(r[0]) for r in rows), default=0), col_max)
        for term, definition in rows:
            self.write(f"{'':>{self.current_indent}}{term}")
            if not definition:
                self.write("\n")
                continue
            term_width = _display_width(term)
            if term_width <= first:
                self.write(" " * (first - term_width + col_spacing))
            else:
                self.write("\n" + " " * (first + col_spacing + self.current_indent))
            text_width = max(self.width - first - col_spacing - self.current_indent, 10)
            lines = wrap_chinese(definition, text_width) or [""]
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first + col_spacing + self.current_indent}}{line}\n")


TYPE_METAVARS = {
    "text": "文本",
    "integer": "整数",
    "float": "数字",
    "path": "路径",
    "file": "文件",
    "directory": "目录",
    "integer range": "整数",
    "float range": "数字",
    "boolean": "是/否",
}
"""The placeholder of an option's value in the help, by click type (an option without its own)."""


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseCommand(click.Command):
    """A command whose usage line and help are Chinese ("用法：jixiao render [选项] 评价包文件")."""

    context_class = ChineseContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)


class ChineseGroup(click.Group):
    """A command group with Chinese usage ("用法：jixiao [选项] 命令 [参数]...") whose commands and
    subgroups are Chinese too."""

    context_class = ChineseContext
    command_class = ChineseCommand
    group_class = type  # subgroups are ChineseGroups

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        # commands from other packages (``serve``) get the Chinese usage line as well
        for param in cmd.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = TYPE_METAVARS.get(param.type.name)
        if cmd.options_metavar == "[OPTIONS]":
            cmd.options_metavar = "[选项]"
        if isinstance(cmd, click.Group) and cmd.subcommand_metavar in ("COMMAND [ARGS]...", None):
            cmd.subcommand_metavar = "命令 [参数]..."
        if cmd.context_class is click.Context:
            cmd.context_class = ChineseContext
        super().add_command(cmd, name)


class RootGroup(ChineseGroup):
    """The ``jixiao`` group: commands that other installed packages declare (entry point group
    ``jixiao.commands``; the web app registers ``serve`` this way, so the core never imports it) are
    looked up only when a name is not one of ours or when the commands are listed (``--help``) —
    scanning every installed distribution's entry points cost each start about 0.3 s."""

    group_class: Any = ChineseGroup  # subgroups take no plugins
    plugins_loaded = False

    def load_plugins(self) -> None:
        if self.plugins_loaded:
            return
        self.plugins_loaded = True
        from importlib.metadata import entry_points

        for entry in entry_points(group="jixiao.commands"):
            if entry.name in self.commands:
                continue
            try:
                command = entry.load()
            except ImportError:  # pragma: no cover - a broken optional install
                continue
            if isinstance(command, click.Command):
                self.add_command(command, name=entry.name)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None and not self.plugins_loaded:
            self.load_plugins()
            command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        self.load_plugins()
        return super().list_commands(ctx)


class InputError(click.ClickException):
    """A user-facing error (Chinese); exit status 2."""

    exit_code = 2

    def format_message(self) -> str:
        return self.message

    def show(self, file: Any = None) -> None:
        click.echo(f"错误：{self.message}", err=True)


def load_inputs(paths: tuple[str, ...]) -> Iterator[tuple[str, EvaluationPackage]]:
    """Yield (path, package) for each input: package files directly, documents through the importer."""
    from jixiao.model import PackageError, load_package

    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}：文件不存在")
        if path.is_dir():
            raise InputError(f"{raw}：是一个目录，请给出文件")
        if path.suffix.lower() in PACKAGE_SUFFIXES:
            try:
                yield raw, load_package(path)
            except PackageError as exc:
                raise InputError(str(exc)) from exc
        else:
            from jixiao.importers import DocumentError
            from jixiao.indicators.declaration_form import declaration_package
            from jixiao.isolation import import_file_isolated

            try:  # a 绩效目标申报表 (targets before the year, no actuals): read as declarations
                declared = declaration_package(path)
            except DocumentError as exc:
                raise InputError(str(exc)) from exc
            if declared is not None:
                yield raw, declared
                continue

            try:  # a child process with hard time and memory limits, a few at a time
                packages = import_file_isolated(path)
            except DocumentError as exc:
                raise InputError(str(exc)) from exc
            if not packages:
                raise InputError(f"{raw}：没有识别出任何评价表或报告")
            for package in packages:
                yield raw, package


FORMAT_HELP = "输出格式：table（表格，按问题级别分组）、json（供程序读取）、html（一页网页）"


@click.group(cls=RootGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jixiao", help="显示版本号并退出。", message="%(prog)s，版本 %(version)s")
def main() -> None:
    """jixiao：预算绩效自评的填报、计算、审核、评分与公开。

    每个命令都可用于评价包文件（.yaml/.json），也可直接用于已发布的文档（.txt/.docx/.xlsx/.pdf/.html）。
    运行“jixiao 命令 -h”查看该命令的说明。
    """


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件...")
@click.option(
    "--previous",
    type=click.Path(dir_okay=False),
    metavar="文件",
    default=None,
    expose_value=False,
    callback=lambda ctx, param, value: _set_previous(value),
    help="上年度的评价包或文档：跨年度审核（目标低于上年实际、调低目标、删去或改名指标、连续未完成、资金增而产出减）",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "html"]),
    default="table",
    show_default=True,
    help=FORMAT_HELP,
)
@click.option(
    "--rules",
    "rule_set_id",
    default=None,
    metavar="规则集ID",
    help="使用指定的规则集（jixiao rules list 列出全部；默认按包的范围、年度和地区选择）",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "none"]),
    default="error",
    show_default=True,
    help="存在该级别及以上的问题时以非零状态退出：error（错误）、warning（警告）、none（总是0）",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(0, 256),
    default=0,
    show_default=True,
    metavar="进程数",
    help="并行审核的工作进程数（0：每个处理器核心一个；1：不并行）。多个文件时才并行",
)
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="日期",
    help="按绩效运行监控表审核（.xlsx/.csv/.yaml）：监控截止日期，如 2024-07-31",
)
def check(
    files: tuple[str, ...], fmt: str, rule_set_id: str | None, fail_on: str, jobs: int, as_of: Any
) -> None:
    """审核评价包或文档，列出发现的问题（代码、级别、位置、所述值与计算值）。"""
    from jixiao.audit import exit_status
    from jixiao.audit.report import render

    workers = min(jobs or os.cpu_count() or 1, len(files))
    packages: list[EvaluationPackage | None] = []
    if as_of is not None:  # 绩效运行监控表 (jixiao.monitoring)
        from jixiao.monitoring import MonitoringError
        from jixiao.monitoring.checking import check_files

        try:
            documents = check_files(files, as_of=as_of.date(), rule_set_id=rule_set_id)
        except MonitoringError as exc:
            raise InputError(str(exc)) from exc
    else:
        if workers > 1:
            checked = _check_in_workers(files, rule_set_id, workers)
        else:
            checked = [found for path in files for found in _check_one(path, rule_set_id)]
        documents = [(path, findings) for path, findings, _ in checked]
        packages = [package for _, _, package in checked]  # to name each place by the package's values
    everything = [f for _, findings in documents for f in findings]
    click.echo(render(documents, cast(Literal["table", "json", "html"], fmt), packages or None))
    sys.exit(exit_status(everything, cast(Literal["error", "warning", "none"], fail_on)))


def _check_one(path: str, rule_set_id: str | None) -> list[tuple[str, list[Finding], EvaluationPackage]]:
    """Every package in one input file with its findings (what one worker process does per file)."""
    from jixiao.audit import check_package

    return [
        (p, check_package(package, rule_set_id=rule_set_id, context=_previous_context(rule_set_id)), package)
        for p, package in load_inputs((path,))
    ]


_PREVIOUS: list[EvaluationPackage] = []  # last year's package of ``check --previous`` (inherited by workers)


def _set_previous(value: str | None) -> None:
    """Load ``--previous`` once, before the checks (and before any worker process is forked)."""
    _PREVIOUS.clear()
    if value:
        _PREVIOUS.extend(package for _, package in load_inputs((value,)))


def _previous_context(rule_set_id: str | None) -> Any:
    """A check context carrying last year's package, or None (the checker builds its own)."""
    if not _PREVIOUS:
        return None
    from jixiao.audit.checks.previous import context_with_previous

    return context_with_previous(_PREVIOUS[0], rule_set_id=rule_set_id)


def _check_in_workers(
    files: tuple[str, ...], rule_set_id: str | None, workers: int
) -> list[tuple[str, list[Finding], EvaluationPackage]]:
    """Check the files in ``workers`` processes, each taking many files in turn; results in input order.

    The rule sets and the checker are loaded once here, before the workers start, so forked workers
    share them instead of loading them again.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from jixiao.audit import check_package  # noqa: F401  (loaded before the fork)
    from jixiao.rules.loader import load_rule_sets

    load_rule_sets()
    if "fork" in multiprocessing.get_all_start_methods():
        import gc

        # what is loaded now lives as long as the workers: out of the collector's way (the Python
        # documentation's advice before a fork), so their collections walk only their own objects
        gc.collect()
        gc.freeze()
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(files) // (workers * 4))
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        results = pool.map(partial(_check_one, rule_set_id=rule_set_id), files, chunksize=chunk)
        return [found for per_file in results for found in per_file]


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件...")
@click.option(
    "--rules",
    "rule_set_id",
    default=None,
    metavar="规则集ID",
    help="使用指定的规则集（jixiao rules list 列出全部）",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="输出格式：table（逐行说明的评分表）或 json",
)
def score(files: tuple[str, ...], rule_set_id: str | None, fmt: str) -> None:
    """按规则集重新计算每个指标的得分、总分和等级，并与单位自评得分对照。"""
    from jixiao.rules import RuleSetError
    from jixiao.scoring import score_package

    out: list[dict[str, Any]] = []
    for path, package in load_inputs(files):
        try:
            sheets = score_package(package, rule_set_id)
        except RuleSetError as exc:
            raise InputError(str(exc)) from exc
        if fmt == "json":
            out.append({"path": path, "sheets": [json.loads(s.model_dump_json()) for s in sheets]})
        else:
            click.echo(f"━━ {path}：{package.unit.name} {package.year}年度")
            for sheet in sheets:
                click.echo(sheet.to_text())
                click.echo("")
    if fmt == "json":
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))


@main.command(name="import")
@click.argument("files", nargs=-1, required=True, metavar="文件...")
@click.option(
    "-o", "--output", "output", default=None, metavar="目录", help="输出目录（缺省时打印到标准输出）"
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="评价包的文件格式",
)
def import_(files: tuple[str, ...], output: str | None, fmt: str) -> None:
    """把已发布的文档（.txt/.docx/.xlsx/.pdf/.html）读成评价包，并给出导入报告。"""
    results = list(load_inputs(files))
    texts = []
    for path, package in results:
        from jixiao.model import dumps_json, dumps_yaml

        text = dumps_json(package) if fmt == "json" else dumps_yaml(package)
        texts.append((path, package, text))
    if output is None:
        for _, _, text in texts:
            click.echo(text)
        return
    out_dir = Path(output)
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, package, text in texts:
        name = f"{Path(path).stem}-{package.year}.{fmt}"
        target = out_dir / name
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
        skipped = len(package.import_report)
        click.echo(f"{path} → {target}（未能归位的内容 {skipped} 处）", err=True)
        if package.coverage is not None:
            from jixiao.audit.checks.coverage import describe, little_read

            flag = "仅识别出" if little_read(package.coverage) else "已识别"
            click.echo(f"  {flag}：{describe(package.coverage)}", err=True)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="文件...")
@click.option(
    "--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True, help="输出格式"
)
def summary(files: tuple[str, ...], fmt: str) -> None:
    """每个评价包一行关键数字（JSON 列表）。"""
    from jixiao.importers import summary as summarise

    rows = [summarise(package, path) for path, package in load_inputs(files)]
    click.echo(json.dumps(rows, ensure_ascii=False, indent=2))


@main.group()
def rules() -> None:
    """规则集：列出、查看、检查。"""


@rules.command(name="list")
def rules_list() -> None:
    """列出已安装的规则集。"""
    from jixiao.rules import load_rule_sets

    for rule_set in sorted(load_rule_sets().values(), key=lambda r: r.id):
        years = f"{rule_set.years.start}–{rule_set.years.end or ''}"
        click.echo(
            f"{rule_set.id:<40} v{rule_set.version:<4} {rule_set.scope:<16} {years:<11} {rule_set.title}"
        )


@rules.command(name="show")
@click.argument("rule_set_id", metavar="规则集ID")
def rules_show(rule_set_id: str) -> None:
    """显示一个规则集的全部内容（含出处）。"""
    from jixiao.rules import RuleSetError, get_rule_set

    try:
        rule_set = get_rule_set(rule_set_id)
    except RuleSetError as exc:
        raise InputError(str(exc)) from exc
    click.echo(rule_set.describe())


@rules.command(name="lint")
@click.argument("paths", nargs=-1, metavar="[规则集文件]...")
def rules_lint(paths: tuple[str, ...]) -> None:
    """校验规则集文件（结构、权重合计、等级区间、出处）。"""
    from jixiao.rules import lint_rule_sets

    problems = lint_rule_sets([Path(p) for p in paths] if paths else None)
    for problem in problems:
        click.echo(str(problem))
    if problems:
        click.echo(f"共 {len(problems)} 个问题", err=True)
        sys.exit(1)
    click.echo("规则集全部通过校验")


@main.command()
@click.argument("candidates_file", metavar="名单文件")
@click.option("--size", "size", type=int, required=True, help="抽取数量")
@click.option(
    "--seed", "seed", type=int, required=True, help="随机种子（记入结果，同一名单、种子和数量总抽出同一样本）"
)
@click.option(
    "--by",
    "stratify_by",
    type=click.Choice(["", "desk", "size"]),
    default="",
    help="分层：desk 按归口科室，size 按预算规模（须给 --bounds），不填为简单随机抽样",
)
@click.option("--bounds", default="", metavar="万元", help="规模分档界限，逗号分隔，如 100,1000")
def sample(candidates_file: str, size: int, seed: int, stratify_by: str, bounds: str) -> None:
    """财政评价抽评：从名单（.csv：单位名称或项目名称，可有编码、归口科室、预算数）中可重现地抽取样本。"""
    from decimal import Decimal, InvalidOperation

    from jixiao.monitoring.sampling import draw_sample, read_candidates

    try:
        edges = [Decimal(b) for b in bounds.replace("，", ",").split(",") if b.strip()]
        text = Path(candidates_file).read_text(encoding="utf-8-sig")
        candidates = read_candidates(text, stratify_by=stratify_by, bounds=edges)  # type: ignore[arg-type]
        drawn = draw_sample(candidates, size=size, seed=seed, stratify_by=stratify_by)  # type: ignore[arg-type]
    except (OSError, ValueError, InvalidOperation) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(drawn.describe())
    for c in drawn.drawn:
        click.echo(f"{c.key}\t{c.label}" + (f"\t{c.stratum}" if c.stratum else ""))


@main.command()
def schema() -> None:
    """打印评价包的 JSON Schema。"""
    from jixiao.model import EvaluationPackage

    click.echo(json.dumps(EvaluationPackage.model_json_schema(), ensure_ascii=False, indent=2))


@main.command()
@click.argument("package_file", metavar="评价包文件")
@click.option(
    "--what",
    type=click.Choice(["forms", "report", "final-accounts", "all"]),
    default="all",
    show_default=True,
    help="生成什么：forms（自评表等表格）、report（自评报告）、final-accounts（部门决算公开表）、all（全部）",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["xlsx", "docx", "pdf", "html"]),
    default="pdf",
    show_default=True,
    help="文件格式",
)
@click.option("-o", "--output", "output", default=".", show_default=True, metavar="目录", help="输出目录")
@click.option("--blank", is_flag=True, help="生成空白填报模板（.xlsx）")
@click.option(
    "--layout",
    type=click.Choice(["prefecture", "county"]),
    default=None,
    help="自评报告章节格式：prefecture（州市十部分）或 county（县区七部分）；缺省时自动选择",
)
def render(package_file: str, what: str, fmt: str, output: str, blank: bool, layout: str | None) -> None:
    """生成标准表格、自评报告和决算公开表（.xlsx/.docx/.pdf/.html）。"""
    from jixiao.renderers import RenderError, render_package

    (_path, package), *_ = list(load_inputs((package_file,)))
    try:
        written = render_package(
            package,
            what=what,
            fmt=fmt,
            out_dir=Path(output),
            blank=blank,
            layout=cast(Literal["prefecture", "county"] | None, layout),
        )
    except RenderError as exc:
        raise InputError(str(exc)) from exc
    for p in written:
        click.echo(str(p))


@main.group()
def indicators() -> None:
    """指标库：列出、查看、检索、校验、导入导出，以及各单位的历年指标值。"""


@indicators.command(name="list")
def indicators_list() -> None:
    """列出指标库文件及其条目数。"""
    from jixiao.indicators import load_library

    for lib in load_library().values():
        source = lib.source.document or lib.source.title
        click.echo(f"{lib.id:<36} v{lib.version:<3} {len(lib.entries):>3}条  {lib.title}（{source}）")


@indicators.command(name="show")
@click.argument("library_id", metavar="指标库ID")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "xlsx"]),
    default="yaml",
    show_default=True,
    help="导出格式",
)
@click.option("-o", "--output", "output", default=None, metavar="文件", help="输出文件（.xlsx 时必填）")
def indicators_show(library_id: str, fmt: str, output: str | None) -> None:
    """导出一个指标库文件（YAML 打印，或 .xlsx 供编辑）。"""
    from jixiao.indicators import load_library
    from jixiao.indicators.exchange import dump_yaml, library_to_xlsx

    lib = load_library().get(library_id)
    if lib is None:
        raise InputError(f"没有指标库“{library_id}”（jixiao indicators list 列出全部）")
    if fmt == "yaml" and output is None:
        click.echo(dump_yaml(lib))
        return
    if output is None:
        raise InputError("导出 .xlsx 时请用 -o 指定输出文件")
    data = library_to_xlsx(lib) if fmt == "xlsx" else dump_yaml(lib).encode("utf-8")
    Path(output).write_bytes(data)
    click.echo(output)


@indicators.command(name="import")
@click.argument("xlsx_file", metavar="XLSX文件")
@click.option("-o", "--output", "output", default=None, metavar="文件", help="写出的 YAML 文件（缺省时打印）")
def indicators_import(xlsx_file: str, output: str | None) -> None:
    """把 .xlsx 指标库（“说明”“指标”两个工作表）校验后转为 YAML。"""
    from jixiao.indicators import LibraryError
    from jixiao.indicators.exchange import dump_yaml, library_from_xlsx

    try:
        lib = library_from_xlsx(Path(xlsx_file).read_bytes(), Path(xlsx_file).name)
    except (LibraryError, OSError) as exc:
        raise InputError(str(exc)) from exc
    text = dump_yaml(lib)
    if output is None:
        click.echo(text)
    else:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{xlsx_file} → {output}（{len(lib.entries)}条）", err=True)


@indicators.command(name="suggest")
@click.argument("text", metavar="指标名称")
@click.option(
    "--limit", type=click.IntRange(1, 50), default=8, show_default=True, metavar="条数", help="最多列出几条"
)
def indicators_suggest(text: str, limit: int) -> None:
    """按名称检索指标库（填报时的提示）。"""
    from jixiao.indicators import suggest

    for hit in suggest(text, limit=limit):
        e = hit.entry
        typical = "、".join(e.typical_values) or "—"
        click.echo(f"{hit.score:.2f}  {e.name:<16} {e.unit or '定性':<6} 典型值 {typical:<16} {hit.key}")


@indicators.command(name="lint")
@click.argument("paths", nargs=-1, metavar="[指标库文件]...")
def indicators_lint(paths: tuple[str, ...]) -> None:
    """校验指标库文件（结构、出处、计量单位、推荐依据）。"""
    from jixiao.indicators import lint_library

    problems = lint_library([Path(p) for p in paths] if paths else None)
    for problem in problems:
        click.echo(problem)
    if problems:
        sys.exit(1)
    click.echo("指标库全部通过校验")


@indicators.command(name="history")
@click.argument("files", nargs=-1, required=True, metavar="文件...")
@click.option(
    "--entry", default=None, metavar="条目", help="指标库条目，如 sector/social-security#certified-persons"
)
@click.option("--name", default=None, metavar="名称", help="三级指标名称")
def indicators_history(files: tuple[str, ...], entry: str | None, name: str | None) -> None:
    """各单位历年设定的指标值和实际完成值（JSON）。"""
    from jixiao.indicators.history import history

    found = history([package for _, package in load_inputs(files)], entry=entry, name=name)
    click.echo(json.dumps([p.as_dict() for p in found], ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
