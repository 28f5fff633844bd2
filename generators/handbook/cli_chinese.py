"""Click's own words in Chinese: usage lines, help headings and command-line mistakes.

Click prints "Usage:", "Options:", "Error: No such option …" in English, through gettext, which picks a
language from environment variables that Chinese Windows machines and servers rarely set. An editor who
types `handbook chek` must read Chinese like every other message of the tool, so the `handbook` group and
its commands use the classes below: they word click's typed exceptions (their data, never their English
text) and help headings themselves. Errors raised by the commands are already Chinese; they only lose
the English "Error:" prefix.
"""

from __future__ import annotations

import errno
import re

import click

from .os_errors import REASONS

HELP_OPTION_TEXT = "显示本帮助并退出"
USAGE_PREFIX = "用法："
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
HELP_EXTRAS = {"[default: ": "[默认：", "[required]": "[必填]"}
"""Click's bracketed notes after an option's help, and their Chinese."""


def _suggestions(possibilities) -> str:
    return f"是不是想写：{'、'.join(possibilities)}？" if possibilities else ""


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return "参数"
    if isinstance(param, click.Option):
        return "选项 " + "/".join(param.opts)
    return f"参数“{(param.metavar or param.name or '').strip('[].')}”"


def _requirement(param: click.Parameter | None) -> str:
    """What a parameter accepts, from its type: the reason a value was refused, without click's English."""
    kind = param.type if param is not None else None
    if isinstance(kind, click.Choice):
        return "，可选的值：" + "、".join(str(c) for c in kind.choices)
    if isinstance(kind, click.Path):
        what = "目录" if not kind.file_okay else "文件" if not kind.dir_okay else "文件或目录"
        return f"，应为{'已存在的' if kind.exists else ''}{what}的路径"
    if isinstance(kind, (click.IntRange, click.FloatRange)):
        number = "整数" if isinstance(kind, click.IntRange) else "数"
        if kind.max is None and kind.min is not None:
            return f"，应为不小于 {kind.min} 的{number}"
        if kind.min is None and kind.max is not None:
            return f"，应为不大于 {kind.max} 的{number}"
        return f"，应在 {kind.min} 到 {kind.max} 之间"
    if kind is click.INT:
        return "，应为整数"
    return ""


class ExtraArguments(click.UsageError):
    """Words left over after a command's arguments (click words this in English, untyped)."""

    def __init__(self, extra: list[str], ctx: click.Context | None = None):
        self.extra = list(extra)
        super().__init__(" ".join(self.extra), ctx)


class UsageMistake(click.UsageError):
    """A command-line mistake the tool itself found; its message is already Chinese and shown as is."""


def os_error_message(error: OSError) -> str:
    """A file-system failure (`OSError` with errno and filename) as one Chinese sentence naming the path.

    The reason is worded from `errno` (the OS's English strerror is never shown); an unlisted errno
    gives a general reason with the errno's symbolic name."""
    reason = REASONS.get(error.errno, f"系统错误 {errno.errorcode.get(error.errno, error.errno)}")
    where = f" {error.filename}" if error.filename else ""
    return f"无法读写{where}：{reason}。请检查路径和权限，或用 --out / --root 换一个目录"


def chinese_message(error: click.ClickException) -> str:
    """The Chinese text for one of click's exceptions: `error` → one or two sentences, no trailing newline.

    Worded from the exception's type and data (command_name, option_name, param, possibilities), so a
    change of click's English wording changes nothing here. An exception of a type not listed keeps its
    own message (the tool's own ClickExceptions are written in Chinese).
    """
    if isinstance(error, click.exceptions.NoSuchCommand):
        return f"没有“{error.command_name}”这个命令。{_suggestions(error.possibilities)}"
    if isinstance(error, click.NoSuchOption):
        return f"没有“{error.option_name}”这个选项。{_suggestions(error.possibilities)}"
    if isinstance(error, click.MissingParameter):
        return f"缺少{_param_name(error.param)}。"
    if isinstance(error, click.BadParameter):
        return f"{_param_name(error.param)} 的值不对{_requirement(error.param)}。"
    if isinstance(error, click.BadOptionUsage):
        if _is_flag(error.ctx, error.option_name):
            return f"选项 {error.option_name} 不需要写值，直接写 {error.option_name} 即可。"
        return f"选项 {error.option_name} 的写法不对（是否漏写了它的值？）。"
    if isinstance(error, click.BadArgumentUsage):
        return "参数的个数或写法不对。"
    if isinstance(error, ExtraArguments):
        return f"多出了参数：{' '.join(error.extra)}。含空格的文字或路径请加引号，例如 --root \"我的 手册\"。"
    if isinstance(error, UsageMistake):
        return error.message
    if isinstance(error, click.UsageError):  # untyped in click (a missing command …)
        return f"命令行的写法不对（{error.message}）。"
    return error.message


def _is_flag(ctx: click.Context | None, option_name: str | None) -> bool:
    """Whether `option_name` (as typed, e.g. "--strict") is an on/off flag of ctx's command."""
    if ctx is None or not option_name:
        return False
    name = option_name.split("=", 1)[0]
    return any(isinstance(p, click.Option) and p.is_flag and name in p.opts + p.secondary_opts
               for p in ctx.command.get_params(ctx))


class ChineseUsageError(click.UsageError):
    """A command-line mistake, shown with a Chinese usage line and hint."""

    def __init__(self, original: click.UsageError):
        super().__init__(chinese_message(original), original.ctx)
        self.exit_code = original.exit_code

    def show(self, file=None) -> None:
        if self.ctx is not None:
            click.echo(self.ctx.get_usage(), err=True)
            click.echo(f"请运行“{self.ctx.command_path} --help”查看帮助。\n", err=True)
        click.echo(f"错误：{self.message}", err=True)


class ChineseError(click.ClickException):
    """An error raised by a command: its Chinese message, under a Chinese label."""

    def __init__(self, original: click.ClickException):
        super().__init__(chinese_message(original))
        self.exit_code = original.exit_code

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.message}", err=True)


def _in_chinese(error: click.ClickException) -> click.ClickException:
    if isinstance(error, (ChineseUsageError, ChineseError, click.exceptions.NoArgsIsHelpError)):
        return error  # NoArgsIsHelpError: a bare group prints its (Chinese) help, as click does
    return ChineseUsageError(error) if isinstance(error, click.UsageError) else ChineseError(error)


NB_HYPHEN = "\u2011"
"""A non-breaking hyphen: stands in for "-" while click wraps, so --delete-missing never splits at its hyphen."""
_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])\n[ \t]*(?=[{_CJK}])")
"""A source line break between two Chinese characters: a reader sees no space there."""


def _for_wrapping(text: str) -> str:
    """Help text prepared for click's rewrapping: within each rewrapped paragraph a line break between two
    Chinese characters is dropped (click would join the lines with a space: "保留不动， 并逐条列出"), and
    hyphens are made non-breaking. Paragraphs marked with \\b (kept as written) only get the hyphens."""
    paragraphs = text.split("\n\n")
    for i, paragraph in enumerate(paragraphs):
        if not paragraph.lstrip(" ").startswith("\b"):
            paragraphs[i] = _CJK_LINE_BREAK.sub("", paragraph)
    return "\n\n".join(paragraphs).replace("-", NB_HYPHEN)


class ChineseHelpFormatter(click.HelpFormatter):
    """Click's help formatter, wrapping Chinese help the way it reads: no spaces where the source broke a
    line between Chinese characters, and no line break inside an option name such as --delete-missing."""

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(_for_wrapping(text))
        self._restore_hyphens(start)

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        start = len(self.buffer)
        super().write_dl([(first, _for_wrapping(second)) for first, second in rows], col_max, col_spacing)
        self._restore_hyphens(start)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def _restore_hyphens(self, start: int) -> None:
        self.buffer[start:] = [piece.replace(NB_HYPHEN, "-") for piece in self.buffer[start:]]


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class ChineseCommand(click.Command):
    """A click command whose help, usage line and errors are in Chinese."""

    context_class = ChineseContext

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("options_metavar", OPTIONS_METAVAR)
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                param.metavar = _type_metavar(param.type)

    def make_context(self, info_name, args, parent=None, **extra):
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.ClickException as error:
            if isinstance(error, click.UsageError) and error.ctx is None:  # the usage line needs the command
                error.ctx = click.Context(self, info_name=info_name, parent=parent)
            raise _in_chinese(error) from None

    def parse_args(self, ctx, args):
        """Click's parsing, with left-over words raised as ExtraArguments (worded in Chinese from the words)."""
        if isinstance(self, click.Group) or ctx.allow_extra_args:
            return super().parse_args(ctx, args)
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = False
        if rest and not ctx.resilient_parsing:
            raise ExtraArguments(rest, ctx)
        return rest

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise _in_chinese(error) from None
        except BrokenPipeError:  # `handbook codes | head`: click's main ends quietly
            raise
        except OSError as error:  # a folder that cannot be created, a file that cannot be written …
            raise ChineseError(click.ClickException(os_error_message(error))) from None

    def get_help_option(self, ctx):
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION_TEXT
        return option

    def format_usage(self, ctx, formatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE_PREFIX)

    def format_options(self, ctx, formatter) -> None:
        rows = [_chinese_extras(p.get_help_record(ctx)) for p in self.get_params(ctx)
                if not isinstance(p, click.Argument)]
        rows = [row for row in rows if row is not None]
        if rows:
            with formatter.section("选项"):
                formatter.write_dl(rows)

    def format_arguments(self, ctx, formatter) -> None:
        rows = [p.get_help_record(ctx) for p in self.get_params(ctx) if isinstance(p, click.Argument)]
        rows = [row for row in rows if row is not None and row[1]]
        if rows:
            with formatter.section("参数"):
                formatter.write_dl(rows)


def _type_metavar(kind: click.ParamType) -> str | None:
    """The placeholder shown after an option in help ("--root 目录"), in Chinese; None keeps click's own
    (a Choice lists its values, which are what the user types)."""
    if isinstance(kind, click.Path):
        return "目录" if not kind.file_okay else "文件" if not kind.dir_okay else "路径"
    if isinstance(kind, (click.types.IntParamType, click.IntRange)):
        return "整数"
    if isinstance(kind, (click.types.FloatParamType, click.FloatRange)):
        return "数字"
    if isinstance(kind, click.types.StringParamType):
        return "文字"
    return None


def _chinese_extras(row):
    if row is None:
        return None
    name, text = row
    for english, chinese in HELP_EXTRAS.items():
        text = text.replace(english, chinese)
    return name, text


class ChineseGroup(ChineseCommand, click.Group):
    """A click group whose commands and sub-groups are Chinese too."""

    command_class = ChineseCommand
    group_class = type  # sub-groups are ChineseGroup as well

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("subcommand_metavar", SUBCOMMAND_METAVAR)
        super().__init__(*args, **kwargs)

    def format_options(self, ctx, formatter) -> None:
        ChineseCommand.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        names = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        shown = [(name, cmd) for name, cmd in names if cmd is not None and not cmd.hidden]
        if shown:
            limit = formatter.width - 6 - max(len(name) for name, _ in shown)
            with formatter.section("命令"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in shown])
