"""PDF from a Word file, printed by LibreOffice (`soffice`) headless, with the official fonts or their fallbacks.

Each conversion runs in a temporary folder of its own, with its own LibreOffice profile
(`-env:UserInstallation`), so that two runs at once never share or lock a profile, and under a time limit.
When an official font (仿宋_GB2312, 方正小标宋简体, 黑体, 楷体_GB2312, 宋体) is not installed, a fontconfig file in
that folder puts a Noto CJK face of the same kind in its place: Noto Serif CJK SC for the Song, FangSong and Kai
faces (小标宋 in bold), Noto Sans CJK SC for 黑体. Both draw every Chinese character one em wide, so the page
keeps its 28 characters a line.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lianxi import diagnostics as dg
from lianxi.wordfile import FANGSONG, HEITI, KAITI, OFFICIAL_FONTS, SONGTI, XIAOBIAOSONG

TIMEOUT_S = 120
INSTALL = "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk poppler-utils"
SERIF, SANS = "Noto Serif CJK SC", "Noto Sans CJK SC"
FALLBACK = {XIAOBIAOSONG: SERIF, FANGSONG: SERIF, KAITI: SERIF, SONGTI: SERIF, HEITI: SANS}

_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">{system}</include>
{aliases}
  <match target="pattern">
    <test name="family"><string>{xbs}</string></test>
    <edit name="weight" mode="assign"><const>bold</const></edit>
  </match>
</fontconfig>
"""


@dataclass(frozen=True)
class Printed:
    """A PDF and what it was printed with."""

    data: bytes
    missing: tuple[
        str, ...
    ]  # official fonts that are not installed, in the order of OFFICIAL_FONTS
    used: tuple[str, ...]  # the fonts embedded in the PDF (by pdffonts), when poppler is installed


def soffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fonts_conf() -> str:
    """A fontconfig file: the system's own, plus a fallback for each official font that is missing."""
    aliases = "\n".join(
        f'  <alias binding="same"><family>{name}</family>'
        f"<accept><family>{face}</family></accept></alias>"
        for name, face in FALLBACK.items()
    )
    system = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    return _FONTS_CONF.format(system=system, aliases=aliases, xbs=XIAOBIAOSONG)


def installed_families() -> set[str] | None:
    """Font families fontconfig knows (each name of each family), or None without `fc-list`."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        out = subprocess.run(
            [fc_list, ":", "family"], capture_output=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {
        n.strip() for line in out.decode("utf-8", "replace").splitlines() for n in line.split(",")
    }


def pdf_fonts(path: Path) -> tuple[str, ...]:
    """The fonts embedded in a PDF, as pdffonts names them without the subset tag (ABCDEF+)."""
    pdffonts = shutil.which("pdffonts")
    if pdffonts is None:
        return ()
    try:
        out = subprocess.run(
            [pdffonts, str(path)], capture_output=True, timeout=30, check=False
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return ()
    names = [line.split()[0] for line in out.splitlines()[2:] if line.strip()]
    return tuple(dict.fromkeys(re.sub(r"^[A-Z]{6}\+", "", n) for n in names))


def fonts_in(data: bytes) -> tuple[str, ...]:
    """The official fonts a .docx asks for, in the order of OFFICIAL_FONTS."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = "".join(
                z.read(n).decode("utf-8", "replace")
                for n in z.namelist()
                if n.startswith("word/") and n.endswith(".xml")
            )
    except (zipfile.BadZipFile, OSError):
        return ()
    return tuple(f for f in OFFICIAL_FONTS if f'"{f}"' in xml)


def _run(command: list[str], env: dict[str, str], cwd: Path, timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a session of its own; on timeout, end it and every process it started
    (soffice is a script that starts soffice.bin)."""
    with subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=cwd,
        start_new_session=True,
    ) as proc:
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
        return proc.returncode, out.decode("utf-8", "replace").strip()


def docx_to_pdf(data: bytes, name: str, *, timeout: float | None = None) -> Printed:
    """Print a .docx to PDF with LibreOffice. Raises LianxiError: LX520 without LibreOffice, LX521 when
    it fails or takes longer than `timeout` seconds (TIMEOUT_S by default). `name` is the output's
    name, for the messages."""
    timeout = TIMEOUT_S if timeout is None else timeout
    program = soffice()
    if program is None:
        raise dg.LianxiError(dg.problem("LX520", name, 0, 0, install=INSTALL))
    with tempfile.TemporaryDirectory(prefix="lianxi-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "document.docx"
        source.write_bytes(data)
        (folder / "fonts.conf").write_text(fonts_conf(), encoding="utf-8")
        env = {
            **os.environ,
            "FONTCONFIG_FILE": str(folder / "fonts.conf"),
            "HOME": str(folder),  # LibreOffice writes nothing into the user's home
        }
        command = [
            program,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(folder),
            str(source),
        ]
        target = folder / "document.pdf"
        try:
            code, output = _run(command, env, folder, timeout)
            problem = None if code == 0 and target.is_file() else (output or f"exit status {code}")
        except subprocess.TimeoutExpired:
            raise dg.LianxiError(
                dg.problem("LX521/timeout", name, 0, 0, seconds=f"{timeout:g}", program=program)
            ) from None
        except OSError as e:
            problem = e.strerror or str(e)
        if problem is not None:
            reason = problem.splitlines()[-1][:200]
            raise dg.LianxiError(dg.problem("LX521", name, 0, 0, reason=reason, program=program))
        pdf = target.read_bytes()
        families = installed_families()
        missing = tuple(f for f in fonts_in(data) if families is not None and f not in families)
        return Printed(pdf, missing, pdf_fonts(target) if missing else ())


def font_report(printed: Printed, name: str) -> list[dg.Diagnostic]:
    """LX522 (a warning) when fallbacks stood in for official fonts: which, and what the PDF embeds."""
    if not printed.missing:
        return []
    pairs = [f"{f} → {FALLBACK[f]}" for f in printed.missing]
    return [
        dg.problem("LX522", name, 0, 0, fonts=dg.join(pairs), used=dg.join(printed.used or ["?"]))
    ]
