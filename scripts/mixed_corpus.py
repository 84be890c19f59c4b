#!/usr/bin/env python3
"""A mixed folder from a folder of generated .txt plans (issue 16, item 6): the same documents
as an office holds them, so the 1,000-document figures can be measured on Word, web pages,
Markdown and PDF as well as text.

    scripts/mixed_corpus.py SRC DST [PDF_EVERY]
    scripts/mixed_corpus.py --every SRC DST


Document i (in name order) is kept as .txt, or written as .md, as a GBK web page with a menu,
a script and a footer (.html), or as Word (.docx, one paragraph per line), by i % 4; every
PDF_EVERY-th .docx (default 10; 0 for none) is also printed to .pdf by LibreOffice in one
batch and the .docx removed. With --every, each document is written in every one of these
formats (and a .pdf printed from its .docx), for scoring the reader per format on the same
texts (tests/it/real.rs). For benchmarks and scoring only: nothing here is part of the product.
"""
import html
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def blocks(lines):
    """Paragraphs and tables: a run of tab-separated lines is a table, as the page or the Word
    file the text was copied from had it."""
    table = []
    for line in lines:
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            yield ("table", table)
            table = []
        yield ("p", line)
    if table:
        yield ("table", table)


def w_p(text):
    return f'<w:p><w:r><w:t xml:space="preserve">{html.escape(text)}</w:t></w:r></w:p>'


def docx(lines, path):
    body = ""
    for kind, b in blocks(lines):
        if kind == "p":
            body += w_p(b)
        else:
            rows = "".join(
                "<w:tr>" + "".join(f"<w:tc>{w_p(c)}</w:tc>" for c in row) + "</w:tr>"
                for row in b
            )
            body += f"<w:tbl>{rows}</w:tbl>"
    doc = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", doc)


def page(lines, path):
    parts = []
    for kind, b in blocks(lines):
        if kind == "p":
            if b:
                parts.append(f"<p>{html.escape(b)}</p>")
        else:
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n"
                for row in b
            )
            parts.append(f"<table border=\"1\">\n{rows}</table>")
    paras = "\n".join(parts)
    text = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
        "<title>政务公开</title><script>var nav = 1;</script></head><body>"
        '<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>'
        f'<div class="content">\n{paras}\n</div>'
        '<div class="footer">主办单位：人民政府办公室　网站标识码</div></body></html>'
    )
    path.write_bytes(text.encode("gbk", errors="xmlcharrefreplace"))


def markdown(lines, path):
    out = []
    for kind, b in blocks(lines):
        if kind == "table":
            width = len(b[0])
            for n, row in enumerate(b):
                row = row + [""] * (width - len(row))
                out.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
                if n == 0:
                    out.append("|" + " --- |" * width)
            out.append("")
            continue
        line = b
        if line[:2] in ("一、", "二、", "三、", "四、", "五、", "六、", "七、", "八、"):
            out.append(f"## {line}")
        else:
            out.append(line)
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def main():
    args = sys.argv[1:]
    every = args[:1] == ["--every"]
    if every:
        args = args[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    src, dst = pathlib.Path(args[0]), pathlib.Path(args[1])
    pdf_every = int(args[2]) if len(args) > 2 else 10
    dst.mkdir(parents=True, exist_ok=False)
    to_print = []
    for i, f in enumerate(sorted(src.glob("*.txt"))):
        lines = f.read_text(encoding="utf-8").splitlines()
        stem = dst / f.stem
        if every:
            shutil.copyfile(f, stem.with_suffix(".txt"))
            markdown(lines, stem.with_suffix(".md"))
            page(lines, stem.with_suffix(".html"))
            docx(lines, stem.with_suffix(".docx"))
            to_print.append(stem.with_suffix(".docx"))
            continue
        kind = i % 4
        if kind == 0:
            shutil.copyfile(f, stem.with_suffix(".txt"))
        elif kind == 1:
            markdown(lines, stem.with_suffix(".md"))
        elif kind == 2:
            page(lines, stem.with_suffix(".html"))
        else:
            docx(lines, stem.with_suffix(".docx"))
            if pdf_every and (i // 4) % pdf_every == 0:
                to_print.append(stem.with_suffix(".docx"))
    if to_print:
        with tempfile.TemporaryDirectory() as profile:
            subprocess.run(
                ["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "pdf", "--outdir", str(dst)] + [str(p) for p in to_print],
                check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for p in [] if every else to_print:
            if p.with_suffix(".pdf").exists():
                p.unlink()
    kinds = {}
    for f in dst.iterdir():
        kinds[f.suffix] = kinds.get(f.suffix, 0) + 1
    print(" ".join(f"{k}:{v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
