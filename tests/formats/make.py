#!/usr/bin/env python3
"""Makes the test files of tests/formats from the text of a real published document
(data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt), as an office would: the Word and
Excel files are written by LibreOffice from its own flat formats. Run by hand, never in tests:
the made files are committed. Needs `soffice` (libreoffice-writer-nogui, -calc-nogui)."""
import html, os, re, subprocess, sys, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "../../data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt")
text = open(SRC, encoding="utf-8").read()
lines = [l.strip() for l in text.splitlines()]
# The page furniture the saved text kept (相关解读, 编辑, 关闭, 打印) is not the document.
lines = lines[: next(i for i, l in enumerate(lines) if l.startswith("相关解读"))]
CN = "一二三四五六七八九十"
top = re.compile(r"^([一二三四五六七八九十]+)、(.*)$")
sub = re.compile(r"^\(([一二三四五六七八九十]+)\)(.*)$")
e = html.escape

def soffice(src, fmt, out):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", d, src],
                       check=True, capture_output=True)
        made = os.path.join(d, os.listdir(d)[0])
        os.replace(made, out)

# 1. Word: the plan's headings numbered by Word's automatic lists (一、 and （一）), not typed.
ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
lists = """<text:list-style style:name="L1">
 <text:list-level-style-number text:level="1" style:num-suffix="、" style:num-format="一, 二, 三, ..."/>
 <text:list-level-style-number text:level="2" style:num-prefix="（" style:num-suffix="）" style:num-format="一, 二, 三, ..."/>
</text:list-style>"""
body = []
started = False
for l in lines:
    if not l:
        continue
    m, s = top.match(l), sub.match(l)
    if m:
        started = True
        body.append('<text:list text:style-name="L1" text:continue-numbering="true"><text:list-item>'
                    f'<text:p>{e(m.group(2))}</text:p></text:list-item></text:list>')
    elif s and started:
        body.append('<text:list text:style-name="L1" text:continue-numbering="true"><text:list-item>'
                    '<text:list><text:list-item>'
                    f'<text:p>{e(s.group(2))}</text:p></text:list-item></text:list>'
                    '</text:list-item></text:list>')
    else:
        body.append(f"<text:p>{e(l)}</text:p>")
fodt = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {ns} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:styles>{lists}</office:styles><office:body><office:text>'
        + "".join(body) + "</office:text></office:body></office:document>")

# 2. The 分工表 of the plan's tasks (三、主要任务), as an office keeps it: a title row merged
#    across, the header on row 3, a 领域 column merged down the rows, 责任单位 split into the
#    lead (the first unit named) and the others, a date in 完成时限.
tasks = []
section = None
for l in lines:
    m, s = top.match(l), sub.match(l)
    if m:
        section = m.group(2)
    elif s and section == "主要任务":
        body_text = s.group(2)
        ann = re.search(r"\(责任单位:(.*?)\)$", body_text)
        units = ann.group(1).split("、") if ann else []
        title = body_text[: ann.start()] if ann else body_text
        first = title.split("。")[0] + "。"
        tasks.append((s.group(1), first, units[0], "、".join(units[1:])))

def cells_row(cells):
    return "<table:table-row>" + "".join(cells) + "</table:table-row>"

def cell(v, span_cols=1, span_rows=1, date=None):
    a = ""
    if span_cols > 1:
        a += f' table:number-columns-spanned="{span_cols}"'
    if span_rows > 1:
        a += f' table:number-rows-spanned="{span_rows}"'
    if date:
        return (f'<table:table-cell office:value-type="date" office:date-value="{date}"{a}>'
                f"<text:p>{e(v)}</text:p></table:table-cell>")
    return f'<table:table-cell office:value-type="string"{a}><text:p>{e(v)}</text:p></table:table-cell>'

covered = "<table:covered-table-cell/>"
rows = [cells_row([cell("泰安市康养福地建设重点任务分工表", span_cols=6)] + [covered] * 5),
        cells_row([cell("")] * 6),
        cells_row([cell(h) for h in ["领域", "序号", "重点任务", "牵头单位", "配合单位", "完成时限"]])]
for k, (no, title, lead, support) in enumerate(tasks):
    first = [cell("康养产业", span_rows=len(tasks))] if k == 0 else [covered]
    rows.append(cells_row(first + [cell(str(k + 1)), cell(title), cell(lead), cell(support),
                                   cell("2025年12月31日", date="2025-12-31")]))
fods = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {ns} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
        '<office:spreadsheet><table:table table:name="分工表"><table:table-column table:number-columns-repeated="6"/>'
        + "".join(rows) + "</table:table></office:spreadsheet></office:body></office:document>")

# The same table in a Word file, after the notice's opening lines.
wt = ['<table:table table:name="表1"><table:table-column table:number-columns-repeated="5"/>',
      cells_row([cell(h) for h in ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]]),
      cells_row([cell("一、康养产业", span_cols=5)] + [covered] * 4)]
for k, (no, title, lead, support) in enumerate(tasks):
    wt.append(cells_row([cell(str(k + 1)), cell(title), cell(lead), cell(support), cell("2025年底前")]))
wt.append("</table:table>")
fodt_table = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {ns} office:version="1.3" '
              'office:mimetype="application/vnd.oasis.opendocument.text"><office:body><office:text>'
              "<text:p>附件</text:p><text:p>泰安市康养福地建设重点任务分工表</text:p>"
              + "".join(wt) + "</office:text></office:body></office:document>")

with tempfile.TemporaryDirectory() as d:
    for name, content, fmt, out in [
        ("taian.fodt", fodt, "docx", "taian-kangyang.docx"),
        ("taian-fengong.fods", fods, "xlsx", "taian-fengong.xlsx"),
        ("taian-fengong-word.fodt", fodt_table, "docx", "taian-fengong.docx"),
        ("taian-doc.fodt", fodt, "doc", "taian-kangyang.doc"),
        ("taian-pdf.fodt", fodt, "pdf", "taian-kangyang.pdf"),
    ]:
        p = os.path.join(d, name)
        open(p, "w", encoding="utf-8").write(content)
        soffice(p, fmt, os.path.join(HERE, out))

# 3. The web page, as the city's site serves it: GB2312, a menu, a script, the article, and the
#    分工表 as a table whose 领域 cell spans the rows and whose title spans the columns.
page = ['<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
        "<title>泰安市人民政府关于印发《泰安市康养福地建设实施意见》的通知</title>",
        "<script>var nav = '<p>一、不是正文（责任单位：市脚本局）</p>';</script>",
        "<style>p { text-indent: 2em; }</style></head><body>",
        '<div class="nav"><a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政策文件</div>',
        '<div class="article">']
for l in lines:
    if l:
        page.append(f"<p>&nbsp;&nbsp;{e(l)}</p>")
page.append("</div><footer>主办：泰安市人民政府办公室 &copy; 版权所有</footer></body></html>")
open(os.path.join(HERE, "taian-kangyang.html"), "wb").write("\n".join(page).encode("gb18030"))

table = ['<!DOCTYPE html><html><head><meta charset="utf-8"><title>重点任务分工表</title></head><body>',
         "<p>附件</p><table border=1>",
         '<tr><td colspan="6">泰安市康养福地建设重点任务分工表</td></tr>',
         "<tr><th>领域</th><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"]
for k, (no, title, lead, support) in enumerate(tasks):
    first = f'<td rowspan="{len(tasks)}">康养产业</td>' if k == 0 else ""
    table.append(f"<tr>{first}<td>{k + 1}</td><td>{e(title)}</td><td>{e(lead)}</td>"
                 f"<td>{e(support).replace('、', '<br>')}</td><td>2025年底前</td></tr>")
table.append("</table></body></html>")
open(os.path.join(HERE, "taian-fengong.html"), "w", encoding="utf-8").write("\n".join(table))

# 4. Markdown, as a team's notes keep the plan: headings, bold sub-headings.
md = []
for l in lines:
    if not l:
        continue
    m, s = top.match(l), sub.match(l)
    if m:
        md.append(f"## {l}\n")
    elif s and "责任单位" not in l:
        md.append(f"**（{s.group(1)}）{s.group(2).split('。')[0]}。**{('。'.join(s.group(2).split('。')[1:]))}\n")
    else:
        md.append(l + "\n")
open(os.path.join(HERE, "taian-kangyang.md"), "w", encoding="utf-8").write("\n".join(md))
print("made", len(tasks), "table rows")
