"""Make the legacy, OFD and scanned versions of the corpus documents under tests/corpus/formats/.

For each source document — the seeds' samples (tests/corpus/samples/<seed>.{xlsx,docx,pdf}) and the
real documents' typeset files (tests/corpus/real/dev/<id>/document.{xlsx,docx,pdf}; never holdout)
— this writes, next to each other in tests/corpus/formats/<name>/:

* ``document.xls`` and ``document.doc`` converted by LibreOffice (``soffice --convert-to``; the .doc by way of .odt), and
  ``document.et`` / ``document.wps``: the same bytes under WPS's names (WPS Office saves its .et and
  .wps in the BIFF8 / Word 97 binary formats);
* ``document.ofd``: the text-layer PDF's characters and ruling lines written as an OFD package
  (GB/T 33190: OFD.xml → Doc_0/Document.xml → Pages/Page_N/Content.xml with one TextObject per
  character and one PathObject per ruling). No maintained OFD writer exists on PyPI (``easyofd``
  only writes page images), so this fixture writer is the few lines of XML the format needs;
* ``scan-150.pdf`` and ``scan-300.pdf``: every page rendered by pdftoppm at 150 / 300 dpi in
  grey, turned by a small angle (as a page lies on a scanner: +0.6° / −0.4°), saved as an
  image-only PDF (JPEG, no text layer) with Pillow;
* ``page1-300.png`` and ``page1-150.jpg``: the first page alone, as a photo of a form would be.

Run: ``.venv/bin/python bench/make_formats.py [--only NAME ...] [--scans]`` (without ``--scans``
the slow scanned versions are skipped for documents that already have them). Needs LibreOffice
and poppler-utils (scripts/setup.sh installs both).
"""

from __future__ import annotations

import argparse
import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "corpus" / "samples"
REAL_DEV = ROOT / "tests" / "corpus" / "real" / "dev"
OUT = ROOT / "tests" / "corpus" / "formats"
MM = 25.4 / 72  # one point in millimetres
ANGLES = {150: 0.6, 300: -0.4}


def sources() -> dict[str, dict[str, Path]]:
    """name -> {"xlsx": path, "docx": path, "pdf": path} for every source document found."""
    out: dict[str, dict[str, Path]] = {}
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        out[pdf.stem] = {s: SAMPLES / f"{pdf.stem}.{s}" for s in ("xlsx", "docx", "pdf")}
    if REAL_DEV.exists():
        for folder in sorted(p for p in REAL_DEV.iterdir() if p.is_dir()):
            files = {s: folder / f"document.{s}" for s in ("xlsx", "docx", "pdf")}
            if any(f.exists() for f in files.values()):
                out[f"real-{folder.name}"] = files
    return {k: {s: p for s, p in v.items() if p.exists()} for k, v in out.items()}


def soffice(source: Path, target_ext: str, out_dir: Path) -> Path:
    tool = shutil.which("soffice") or shutil.which("libreoffice")
    if tool is None:
        sys.exit("需要 LibreOffice（运行 scripts/setup.sh）")
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                tool,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                target_ext,
                "--outdir",
                str(out_dir),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=180,
        )
    return out_dir / f"{source.stem}.{target_ext}"


def legacy(files: dict[str, Path], target: Path) -> None:
    """.xls/.et from the .xlsx, .doc/.wps from the .docx, as LibreOffice saves them.

    The .docx goes through .odt first: LibreOffice's Word 97 export of some python-docx tables
    (the real corpus's typeset forms) writes their cells as one run of text, not as a table, while
    the same document saved as .odt and then as .doc keeps the table, as a unit's own .doc has it.
    """
    with tempfile.TemporaryDirectory() as tmp:
        for src_ext, dst_ext, twin in (("xlsx", "xls", "et"), ("docx", "doc", "wps")):
            if src_ext not in files:
                continue
            source = files[src_ext]
            if src_ext == "docx":
                source = soffice(source, "odt", Path(tmp))
            made = soffice(source, dst_ext, Path(tmp))
            shutil.copyfile(made, target / f"document.{dst_ext}")
            shutil.copyfile(made, target / f"document.{twin}")


# --- OFD ------------------------------------------------------------------------------------------

_NS = "http://www.ofdspec.org/2016"


def _page_content(
    chars: list[tuple[float, float, float, float, str]],
    rules: list[tuple[str, float, float, float]],
    next_id: list[int],
) -> str:
    parts = [
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_NS}"><ofd:Content><ofd:Layer ID="{next_id[0]}">'
    ]
    next_id[0] += 1
    for kind, pos, a, b in rules:
        oid = next_id[0]
        next_id[0] += 1
        if kind == "h":
            box = f"{a * MM:.3f} {pos * MM - 0.2:.3f} {(b - a) * MM:.3f} 0.4"
            data = f"M 0 0.2 L {(b - a) * MM:.3f} 0.2"
        else:
            box = f"{pos * MM - 0.2:.3f} {a * MM:.3f} 0.4 {(b - a) * MM:.3f}"
            data = f"M 0.2 0 L 0.2 {(b - a) * MM:.3f}"
        parts.append(
            f'<ofd:PathObject ID="{oid}" Boundary="{box}" LineWidth="0.25">'
            f"<ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>"
        )
    for x0, top, x1, bottom, ch in chars:
        if ch.isspace():
            continue
        oid = next_id[0]
        next_id[0] += 1
        size = max(bottom - top, 1.0) * MM
        box = f"{x0 * MM:.3f} {top * MM:.3f} {max(x1 - x0, 0.5) * MM:.3f} {size:.3f}"
        parts.append(
            f'<ofd:TextObject ID="{oid}" Boundary="{box}" Font="1" Size="{size * 0.8:.3f}">'
            f'<ofd:TextCode X="0" Y="{size * 0.85:.3f}">{escape(ch)}</ofd:TextCode></ofd:TextObject>'
        )
    parts.append("</ofd:Layer></ofd:Content></ofd:Page>")
    return "".join(parts)


def make_ofd(pdf_path: Path, target: Path) -> None:
    """The text-layer PDF's characters and rulings as an OFD package."""
    import pypdfium2 as pdfium

    from jixiao.importers.errors import ImportLimits
    from jixiao.importers.pdf_reader import _IDENTITY, _chars, _merge, _Rulings

    pdf = pdfium.PdfDocument(pdf_path.read_bytes())
    pages: list[str] = []
    sizes: list[tuple[float, float]] = []
    next_id = [10]
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            width, height = page.get_width(), page.get_height()
            textpage = page.get_textpage()
            chars = _chars(textpage, height, None)
            textpage.close()
            rulings = _Rulings(height, width)
            rulings.collect(page.raw, False, _IDENTITY, 0, ImportLimits(), "ofd")
            page.close()
            rules = [("h", e.pos, e.a, e.b) for e in _merge(rulings.h)]
            rules += [("v", e.pos, e.a, e.b) for e in _merge(rulings.v)]
            pages.append(_page_content(chars, rules, next_id))
            sizes.append((width * MM, height * MM))
    finally:
        pdf.close()
    width, height = sizes[0]
    page_refs = "".join(
        f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_NS}"><ofd:CommonData>'
        f"<ofd:MaxUnitID>{next_id[0]}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {width:.2f} {height:.2f}"
        f"</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>"
    )
    ofd = (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_NS}" Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>jixiao-corpus</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", ofd)
        zf.writestr("Doc_0/Document.xml", document)
        for i, content in enumerate(pages):
            zf.writestr(f"Doc_0/Pages/Page_{i}/Content.xml", content)
    (target / "document.ofd").write_bytes(buffer.getvalue())


# --- scans ----------------------------------------------------------------------------------------


def make_scans(pdf_path: Path, target: Path) -> None:
    from PIL import Image

    if shutil.which("pdftoppm") is None:
        sys.exit("需要 pdftoppm（poppler-utils，运行 scripts/setup.sh）")
    for dpi, angle in ANGLES.items():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(
                ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(pdf_path), f"{tmp}/p"],
                check=True,
                timeout=600,
            )
            images = [
                Image.open(p).convert("L").rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
                for p in sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
            ]
        images[0].save(
            target / f"scan-{dpi}.pdf", save_all=True, append_images=images[1:], resolution=dpi, quality=70
        )
        if dpi == 300:
            images[0].save(target / "page1-300.png", dpi=(dpi, dpi), optimize=True)
        else:
            images[0].save(target / "page1-150.jpg", dpi=(dpi, dpi), quality=80)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="names (folder names under tests/corpus/formats/)")
    parser.add_argument("--scans", action="store_true", help="remake the scanned versions even if present")
    args = parser.parse_args()
    for name, files in sources().items():
        if args.only and name not in args.only:
            continue
        target = OUT / name
        target.mkdir(parents=True, exist_ok=True)
        print(f"== {name}", flush=True)
        legacy(files, target)
        if "pdf" in files:
            make_ofd(files["pdf"], target)
            if args.scans or not (target / "scan-300.pdf").exists():
                make_scans(files["pdf"], target)


if __name__ == "__main__":
    main()
