"""Input files are read safely: size before reading, only regular files, nothing from outside the project."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from handbook.pipeline import load_handbook
from test_serve import server  # noqa: F401 — the fixture starts `handbook serve`

GENERATORS = str(Path(__file__).parent.parent / "generators")

PEAK = """
import sys
from pathlib import Path
from handbook.pipeline import load_handbook
hb, report = load_handbook(Path(sys.argv[1]))
print("\\n".join(d.format() for d in report.errors))
# VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
print("peak_kb", next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmHWM")))
"""


def test_huge_sparse_file_is_refused_before_reading(minimal):
    big = minimal / "data/positions/huge.yaml"
    with open(big, "wb") as handle:
        handle.truncate(3 * 1024**3)  # 3 GB, sparse: costs no disk
    run = subprocess.run([sys.executable, "-c", PEAK, str(minimal)], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": GENERATORS})
    assert "data/positions/huge.yaml" in run.stdout and "yaml.too-large" in run.stdout, run.stdout + run.stderr
    peak_mb = int(run.stdout.rsplit("peak_kb", 1)[1]) / 1024
    assert peak_mb < 400, f"reading used {peak_mb:.0f} MB"


def test_a_pipe_named_like_a_chapter_is_not_read(minimal, tmp_path):
    """Reading a pipe would block forever: neither the loader nor MkDocs opens it, and the build completes."""
    from handbook.site.project import write_default_config

    write_default_config(minimal)
    os.mkfifo(minimal / "content/pipe.md")
    run = subprocess.run([sys.executable, "-m", "handbook.cli", "build", "--root", str(minimal), "--site-dir",
                          str(tmp_path / "site")], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "PYTHONPATH": GENERATORS})
    assert run.returncode == 0, run.stderr
    assert not (tmp_path / "site/pipe").exists()


def test_links_to_files_outside_the_project_are_refused(minimal, tmp_path):
    outside = tmp_path / "other-project"
    outside.mkdir()
    (outside / "secret.yaml").write_text("id: secret\nname: 外部岗位\nunit: center\n", encoding="utf-8")
    (outside / "secret.md").write_text("# 外部制度\n", encoding="utf-8")
    (outside / "units").mkdir()
    (outside / "units/x.yaml").write_text("id: x\nname: 外部单元\n", encoding="utf-8")
    (minimal / "data/positions/secret.yaml").symlink_to(outside / "secret.yaml")
    (minimal / "content/secret.md").symlink_to(outside / "secret.md")
    (minimal / "data/units/linked").symlink_to(outside / "units", target_is_directory=True)
    hb, report = load_handbook(minimal)
    outside_errors = {d.file for d in report.errors if d.code == "file.outside"}
    linked = {"data/units/linked/x.yaml"} & {d.file for d in report.items}
    assert outside_errors == {"data/positions/secret.yaml", "content/secret.md"} | linked
    assert all("项目以外" in d.message for d in report.errors if d.code == "file.outside")
    # a linked folder is either refused file by file or not walked at all: never published
    (minimal / "data/positions/secret.yaml").unlink()
    (minimal / "content/secret.md").unlink()
    hb, report = load_handbook(minimal)
    assert hb is None or "x" not in hb.units


def test_links_inside_the_project_still_work(minimal):
    (minimal / "shared").mkdir()
    (minimal / "content/rules.md").rename(minimal / "shared/rules.md")
    (minimal / "content/rules.md").symlink_to(minimal / "shared/rules.md")
    hb, report = load_handbook(minimal)
    assert hb is not None, [d.format() for d in report.errors]


def test_preview_does_not_publish_a_linked_chapter_from_outside(server, tmp_path):
    """While the preview shows the last good site, MkDocs itself must not read the refused chapter either."""
    import urllib.error
    import urllib.request

    from test_serve import wait_for

    project, base, proc = server
    wait_for(base, lambda page: "销售经理" in page or "组织" in page)
    outside = tmp_path / "outside-secret.md"
    outside.write_text("# 外部机密\n\n别家公司的机密制度\n", encoding="utf-8")
    (project / "content/secret.md").symlink_to(outside)
    rules = project / "content/rules.md"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n\n新增一句。\n", encoding="utf-8")  # trigger a rebuild
    page = wait_for(base + "positions/sales-manager/", lambda page: "file.outside" in page)
    assert "别家公司" not in page
    try:
        body = urllib.request.urlopen(base + "secret/", timeout=5).read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
    else:
        raise AssertionError("the outside chapter was published: " + body[:80])


def test_check_survives_a_dangling_link(minimal):
    (minimal / "data/positions/gone.yaml").symlink_to(minimal / "nowhere.yaml")
    run = subprocess.run([sys.executable, "-m", "handbook.cli", "check", "--root", str(minimal)], capture_output=True,
                         text=True, timeout=120, env={**os.environ, "PYTHONPATH": GENERATORS})
    assert "Traceback" not in run.stderr and "检查完成" in run.stdout
