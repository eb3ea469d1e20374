"""OFD (GB/T 33190-2016, China's fixed-layout format for e-government documents) into blocks.

An OFD file is a zip of XML parts: ``OFD.xml`` names the document root (``DocBody/DocRoot``),
whose ``Document.xml`` lists the pages (``Pages/Page@BaseLoc``) and the templates they draw on
(``CommonData/TemplatePage``). Each page's ``Content.xml`` holds layers of ``TextObject`` (a
``Boundary`` box, an optional ``CTM``, and ``TextCode`` runs placed at ``X``/``Y`` with per-glyph
advances ``DeltaX``/``DeltaY``, where ``g n d`` repeats ``d`` n times) and ``PathObject``
(``AbbreviatedData`` with ``M``/``L``/``C`` … operators — the table rulings), possibly nested in
``PageBlock``. Coordinates are millimetres from the page's top-left corner.

The characters and the straight horizontal/vertical path segments go to the same table logic as
PDFs (:mod:`.positioned`): cells from ruling lines, other text as lines in reading order.

No maintained OFD library fits: ``easyofd`` (PyPI) is aimed at invoices, converts rather than
exposes positions, and pins an old reportlab and PyMuPDF that conflict with ours; so the XML is read
with the standard library's zipfile and defusedxml (entity expansion and external references
refused). Bounded like .docx/.xlsx: unpacked size and ratio checked before parsing, pages capped.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from typing import Any

from .blocks import Block, Document, Loc
from .errors import Deadline, DocumentError, ImportLimits
from .positioned import Glyph, Rule, join_pages, page_blocks

_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE]-?\d+)?")
MAX_PART_BYTES = 20 * 1024 * 1024  # one XML part


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: Any, name: str) -> Any | None:
    found = _children(element, name)
    return found[0] if found else None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    values = _numbers(text)
    return (values[0], values[1], values[2], values[3]) if len(values) == 4 else None


def _deltas(text: str | None, count: int) -> list[float]:
    """DeltaX / DeltaY: numbers, with ``g n d`` meaning ``d`` repeated ``n`` times."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens) and len(out) < count:
        token = tokens[i]
        if token == "g" and i + 2 < len(tokens):
            try:
                repeat, value = int(float(tokens[i + 1])), float(tokens[i + 2])
            except ValueError:
                break
            out.extend([value] * min(repeat, count - len(out)))
            i += 3
            continue
        try:
            out.append(float(token))
        except ValueError:
            break
        i += 1
    return out


class _Package:
    """The OFD zip, its parts read through defusedxml with size checks."""

    def __init__(self, data: bytes, where: str, limits: ImportLimits) -> None:
        self.where = where
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, EOFError, ValueError) as exc:
            raise DocumentError(where, "OFD 文件已损坏或不完整（zip 结构无法读取）") from exc
        if any(info.flag_bits & 0x1 for info in infos):
            raise DocumentError(where, "OFD 文件设有密码保护（已加密），请先去除密码后再导入")
        total = 0
        for info in infos:
            total += info.file_size
            if total > limits.max_uncompressed_bytes:
                raise DocumentError(
                    where,
                    f"文件解压后超过 {limits.max_uncompressed_bytes / 1048576:.0f} MB，疑似压缩炸弹，已拒绝导入",
                )
            if (
                info.compress_size > 0
                and info.file_size > 1048576
                and info.file_size / info.compress_size > limits.max_compression_ratio
            ):
                raise DocumentError(where, f"文件中“{info.filename}”的压缩比异常，疑似压缩炸弹，已拒绝导入")
        self.names = {info.filename.lstrip("/"): info for info in infos}

    def xml(self, name: str) -> Any:
        from defusedxml import DefusedXmlException
        from defusedxml import ElementTree as SafeTree

        key = posixpath.normpath(name.lstrip("/"))
        info = self.names.get(key) or next(
            (v for k, v in self.names.items() if k.lower() == key.lower()), None
        )
        if info is None:
            raise DocumentError(self.where, f"OFD 文件缺少“{key}”，可能已损坏")
        if info.file_size > MAX_PART_BYTES:
            raise DocumentError(
                self.where, f"OFD 文件中“{key}”过大（超过 {MAX_PART_BYTES // 1048576} MB），已拒绝导入"
            )
        try:
            raw = self.zip.read(info)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError) as exc:
            raise DocumentError(self.where, f"OFD 文件中“{key}”已损坏，无法读取") from exc
        try:
            return SafeTree.fromstring(raw)
        except DefusedXmlException as exc:
            raise DocumentError(
                self.where, f"OFD 文件中“{key}”含有不安全的 XML 实体或外部引用，已拒绝导入"
            ) from exc
        except SafeTree.ParseError as exc:
            raise DocumentError(self.where, f"OFD 文件中“{key}”不是有效的 XML（{exc}）") from exc


def _resolve(base_dir: str, loc: str) -> str:
    loc = loc.strip()
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(base_dir, loc))


def _ctm(text: str | None) -> tuple[float, float, float, float, float, float] | None:
    values = _numbers(text)
    if len(values) != 6:
        return None
    return (values[0], values[1], values[2], values[3], values[4], values[5])


def _apply(
    ctm: tuple[float, float, float, float, float, float] | None, x: float, y: float
) -> tuple[float, float]:
    if ctm is None:
        return x, y
    a, b, c, d, e, f = ctm
    return a * x + c * y + e, b * x + d * y + f


def _text_glyphs(obj: Any) -> list[Glyph]:
    box = _box(obj.get("Boundary"))
    if box is None:
        return []
    bx, by = box[0], box[1]
    size = _numbers(obj.get("Size"))
    height = size[0] if size else max(box[3], 1.0)
    ctm = _ctm(obj.get("CTM"))
    scale_y = abs(ctm[3]) if ctm is not None and ctm[3] else 1.0
    height *= scale_y
    glyphs: list[Glyph] = []
    for code in _children(obj, "TextCode"):
        text = code.text or ""
        if not text:
            continue
        x = _numbers(code.get("X"))
        y = _numbers(code.get("Y"))
        if not x or not y:
            continue
        dx = _deltas(code.get("DeltaX"), len(text) - 1)
        dy = _deltas(code.get("DeltaY"), len(text) - 1)
        px, py = x[0], y[0]
        for i, ch in enumerate(text):
            if i < len(dx):
                step = dx[i]
            elif i == len(text) - 1 and ctm is None and box[2] - px > 0:
                step = box[2] - px  # the last character reaches the object's boundary
            else:
                step = dx[-1] if dx else height
            gx0, gy = _apply(ctm, px, py)
            gx1, _ = _apply(ctm, px + step, py)
            left, right = min(gx0, gx1), max(gx0, gx1)
            if right - left < 1e-6:
                right = left + height * 0.5
            if not ch.isspace():
                baseline = by + gy
                glyphs.append(
                    Glyph(ch, bx + left, baseline - height * 0.85, bx + right, baseline + height * 0.15)
                )
            px += step
            py += dy[i] if i < len(dy) else 0.0
    return glyphs


def _path_rules(obj: Any) -> list[Rule]:
    box = _box(obj.get("Boundary"))
    if box is None:
        return []
    bx, by, bw, bh = box
    ctm = _ctm(obj.get("CTM"))
    width = _numbers(obj.get("LineWidth"))
    half = (width[0] if width else 0.353) / 2
    rules: list[Rule] = []
    data = _child(obj, "AbbreviatedData")
    stroke = (obj.get("Stroke") or "true").lower() != "false"
    fill = (obj.get("Fill") or "false").lower() == "true"
    if data is None or not data.text:
        return []
    tokens = data.text.split()
    points: list[tuple[float, float]] = []
    start: tuple[float, float] | None = None
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    i = 0
    arity = {"M": 2, "L": 2, "B": 6, "Q": 4, "A": 7, "C": 0, "S": 2}
    while i < len(tokens):
        op = tokens[i]
        if op not in arity:
            i += 1
            continue
        n = arity[op]
        try:
            args = [float(t) for t in tokens[i + 1 : i + 1 + n]]
        except ValueError:
            break
        if len(args) < n:
            break
        if op in ("M", "S"):
            points = [(args[0], args[1])]
            start = points[0]
        elif op == "L" and points:
            segments.append((points[-1], (args[0], args[1])))
            points.append((args[0], args[1]))
        elif op == "C" and points and start is not None:
            segments.append((points[-1], start))
            points.append(start)
        elif op in ("B", "Q", "A"):
            points.append((args[-2], args[-1]))  # curves are not rulings
        i += 1 + n
    if fill and not stroke:
        # a thin filled rectangle drawn as a rule
        if min(bw, bh) <= 1.0 and max(bw, bh) > 2.0:
            return [Rule(bx, by, bx + bw, by + bh)]
        return []
    for (x0, y0), (x1, y1) in segments:
        ax, ay = _apply(ctm, x0, y0)
        cx, cy = _apply(ctm, x1, y1)
        ax, cx, ay, cy = bx + ax, bx + cx, by + ay, by + cy
        if abs(ay - cy) <= 0.2 and abs(ax - cx) > 0.5:
            y = (ay + cy) / 2
            rules.append(Rule(min(ax, cx), y - half, max(ax, cx), y + half))
        elif abs(ax - cx) <= 0.2 and abs(ay - cy) > 0.5:
            x = (ax + cx) / 2
            rules.append(Rule(x - half, min(ay, cy), x + half, max(ay, cy)))
    return rules


def _collect(element: Any, glyphs: list[Glyph], rules: list[Rule], depth: int = 0) -> None:
    if depth > 32:
        return
    for child in element:
        name = _local(child.tag)
        if name == "TextObject":
            glyphs.extend(_text_glyphs(child))
        elif name == "PathObject":
            rules.extend(_path_rules(child))
        elif name in ("Layer", "PageBlock", "Content"):
            _collect(child, glyphs, rules, depth + 1)


def read_ofd(
    data: bytes,
    doc_id: str,
    *,
    where: str,
    limits: ImportLimits | None = None,
    deadline: Deadline | None = None,
) -> Document:
    limits = limits or ImportLimits()
    package = _Package(data, where, limits)
    root = package.xml("OFD.xml")
    body = _child(root, "DocBody")
    doc_root = _child(body, "DocRoot") if body is not None else None
    if doc_root is None or not (doc_root.text or "").strip():
        raise DocumentError(where, "OFD 文件缺少文档入口（OFD.xml 中没有 DocRoot），可能已损坏")
    document_path = _resolve("", doc_root.text or "")
    base_dir = posixpath.dirname(document_path)
    document = package.xml(document_path)
    templates: dict[str, str] = {}
    common = _child(document, "CommonData")
    if common is not None:
        for tpl in _children(common, "TemplatePage"):
            if tpl.get("ID") and tpl.get("BaseLoc"):
                templates[tpl.get("ID") or ""] = _resolve(base_dir, tpl.get("BaseLoc") or "")
    pages_el = _child(document, "Pages")
    page_list = _children(pages_el, "Page") if pages_el is not None else []
    if not page_list:
        raise DocumentError(where, "OFD 文件中没有页面")
    warnings: list[tuple[Loc, str, str]] = []
    if len(page_list) > limits.max_pages:
        warnings.append(
            (
                Loc(page=limits.max_pages + 1),
                f"文档共 {len(page_list)} 页，超过上限 {limits.max_pages} 页，后面的页未导入",
                "",
            )
        )
        page_list = page_list[: limits.max_pages]
    pages: list[list[Block]] = []
    any_text = False
    for page_no, page in enumerate(page_list, start=1):
        if deadline is not None:
            deadline.check()
        loc = page.get("BaseLoc")
        if not loc:
            continue
        content = package.xml(_resolve(base_dir, loc))
        glyphs: list[Glyph] = []
        rules: list[Rule] = []
        for tpl_ref in _children(content, "Template"):
            tpl_path = templates.get(tpl_ref.get("TemplateID") or "")
            if tpl_path:
                tpl = package.xml(tpl_path)
                for part in _children(tpl, "Content"):
                    _collect(part, glyphs, rules)
        for part in _children(content, "Content"):
            _collect(part, glyphs, rules)
        any_text = any_text or bool(glyphs)
        pages.append([b for _, b in page_blocks(glyphs, rules, page_no, to_points=72 / 25.4)])
    if not any_text:
        raise DocumentError(
            where, "OFD 文件中没有文字（可能是扫描图像），无法读取；请提供含文字的 OFD 或 PDF"
        )
    doc = Document(id=doc_id, kind="ofd", blocks=join_pages(pages))
    doc.warnings.extend(warnings)
    return doc
