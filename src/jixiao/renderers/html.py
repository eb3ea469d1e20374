"""Writes a :class:`~jixiao.renderers.layout.Doc` as one self-contained, accessible HTML page.

No external assets: inline CSS only, ``lang="zh-CN"``, a ``<main>`` landmark, headings in order,
tables with ``<caption>``, ``<th scope>`` and ``rowspan``/``colspan``, number cells right-aligned,
the signature and seal block under a form, print styles for A4.
"""

from __future__ import annotations

from html import escape

from .layout import Doc, Grid, Heading, PageBreak, Paragraph

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "宋体", serif;
       line-height: 1.8; color: #111; background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.6rem; text-align: center; margin: 0.5rem 0; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 0.5rem; }
h3, h4 { font-size: 1.05rem; margin: 0.8rem 0 0.3rem; text-indent: 2em; }
p { text-indent: 2em; margin: 0.3rem 0; }
p.right { text-align: right; text-indent: 0; }
p.center { text-align: center; text-indent: 0; }
p.missing { color: #595959; }
p.note { font-size: 0.9rem; text-indent: 0; }
.table-wrap { overflow-x: auto; margin: 0.8rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
caption { font-weight: bold; font-size: 1.05rem; padding: 0.3rem; }
caption small { display: block; font-weight: normal; font-size: 0.85rem; text-align: right; }
th, td { border: 1px solid #333; padding: 0.25rem 0.4rem; vertical-align: middle; }
th { background: #eee; text-align: center; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.center { text-align: center; }
.page-break { break-after: page; }
table.signature, table.signature td { border: none; padding: 0.6rem 0.4rem 0; }
h2, h3, h4, caption { break-after: avoid; }
p { orphans: 2; widows: 2; }
@media print { @page { size: A4; margin: 20mm; } main { max-width: none; padding: 0; } }
"""


def _grid_html(grid: Grid) -> str:
    covered = grid.covered()
    by_pos = {(c.row, c.col): c for c in grid.cells}
    out = ['<div class="table-wrap"><table>']
    caption = escape(grid.title)
    if grid.subtitle:
        caption += f"<small>{escape(grid.subtitle)}</small>"
    out.append(f"<caption>{caption}</caption>")
    for r in range(grid.n_rows):
        if r == 0 and grid.header_rows:
            out.append("<thead>")
        if r == grid.header_rows:
            out.append("</thead><tbody>" if grid.header_rows else "<tbody>")
        out.append("<tr>")
        for k in range(grid.n_cols):
            if (r, k) in covered:
                continue
            c = by_pos.get((r, k))
            if c is None:
                out.append("<td></td>")
                continue
            attrs = ""
            if c.rowspan > 1:
                attrs += f' rowspan="{c.rowspan}"'
            if c.colspan > 1:
                attrs += f' colspan="{c.colspan}"'
            text = escape(c.text).replace("\n", "<br>")
            if c.header:
                scope = "col" if r < grid.header_rows else "row"
                if c.colspan > 1 and r < grid.header_rows:
                    scope = "colgroup"
                out.append(f'<th scope="{scope}"{attrs}>{text}</th>')
            else:
                cls = {"right": ' class="num"', "center": ' class="center"'}.get(c.align, "")
                out.append(f"<td{cls}{attrs}>{text}</td>")
        out.append("</tr>")
    out.append("</tbody></table></div>")
    out += [f'<p class="note">{escape(n)}</p>' for n in grid.notes]
    if grid.signature:
        out.append('<table class="signature" role="presentation"><tbody>')
        for row in grid.signature:
            cells = "".join(f"<td>{escape(label)}：{escape(value)}</td>" for label, value in row)
            out.append(f"<tr>{cells}</tr>")
        out.append("</tbody></table>")
    return "".join(out)


def html_page(doc: Doc) -> str:
    body: list[str] = []
    seen_title = False
    for block in doc.blocks:
        if isinstance(block, Heading):
            if block.level == 0:  # the title lines make one <h1>
                if not seen_title:
                    body.append(f"<h1>{escape(doc.title)}</h1>")
                    seen_title = True
                continue
            level = min(4, block.level + 1)
            body.append(f"<h{level}>{escape(block.text)}</h{level}>")
        elif isinstance(block, Paragraph):
            cls = f' class="{block.kind}"' if block.kind != "body" else ""
            body.append(f"<p{cls}>{escape(block.text)}</p>")
        elif isinstance(block, Grid):
            body.append(_grid_html(block))
        elif isinstance(block, PageBreak):
            body.append('<div class="page-break" aria-hidden="true"></div>')
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(doc.title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f'<body>\n<main id="content">\n{"".join(body)}\n</main>\n</body>\n</html>\n'
    )
