"""What a failed file operation means, in Chinese, told by its errno: the OS's English strerror is never shown.

One table for every place that reports a file-system failure to a person: the `handbook` commands
(cli_chinese.os_error_message) and the site build (site/failures.write_failure).
"""

from __future__ import annotations

import errno

REASONS = {
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件超过系统允许的大小",
    errno.EACCES: "没有写权限",
    errno.EPERM: "没有写权限",
    errno.EROFS: "磁盘为只读",
    errno.ENOENT: "路径不存在（上级目录不存在）",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一段是文件而不是目录",
    errno.EEXIST: "已经存在同名的文件",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被其他程序占用",
}
"""errno → the plain reason a person can act on."""
