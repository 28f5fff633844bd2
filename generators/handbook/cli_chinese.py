"""Click's own words in Chinese: usage lines, help headings and command-line mistakes.

Click prints "Usage:", "Options:", "Error: No such option …" in English, through gettext, which picks a
language from environment variables that Chinese Windows machines and servers rarely set. An editor who
types `handbook chek` must read Chinese like every other message of the tool, so the `handbook` group and
its commands use the classes below: they word click's typed exceptions (their data, never their English
text) and help headings themselves. Errors raised by the commands are already Chinese; they only lose
the English "Error:" prefix.
"""

from __future__ import annotations

import click

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
        return f"，应在 {kind.min if kind.min is not None else '-∞'} 到 {kind.max if kind.max is not None else '∞'} 之间"
    if kind is click.INT:
        return "，应为整数"
    return ""


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
        return f"选项 {error.option_name} 的写法不对（是否漏写了它的值？）。"
    if isinstance(error, click.BadArgumentUsage):
        return "参数的个数或写法不对。"
    if isinstance(error, click.UsageError):  # untyped in click (extra arguments, missing command …)
        return f"命令行的写法不对（{error.message}）。含空格的文字请加引号。"
    return error.message


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
    if isinstance(error, (ChineseUsageError, ChineseError)):
        return error
    return ChineseUsageError(error) if isinstance(error, click.UsageError) else ChineseError(error)


class ChineseCommand(click.Command):
    """A click command whose help, usage line and errors are in Chinese."""

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

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except click.ClickException as error:
            raise _in_chinese(error) from None

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
