#!/usr/bin/env python3
"""Makes the PDF test files of tests/formats from the text of the real published document
(data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt), laid out as an office prints a 公文:
A4, 16 pt Chinese type (WenQuanYi Zen Hei, embedded by LibreOffice as a CID font with a
ToUnicode map), first lines indented two characters, a running header and a page number
「- N -」 in the footer. Run by hand, never in tests: the made files are committed.
Needs `soffice` (libreoffice-writer), fonts-wqy-zenhei and, for the scan, pdftoppm.

- taian-kangyang.pdf         the plan with a text layer
- taian-kangyang-locked.pdf  the same, opened only with a password (1234)
- taian-kangyang-scan.pdf    its first two pages as pictures: no text layer, as a scanner makes
"""
import base64, glob, html, os, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "../../data/sources/taian-2021-kangyang-fudi-shishi-yijian.txt")
lines = [l.strip() for l in open(SRC, encoding="utf-8").read().splitlines()]
lines = lines[: next(i for i, l in enumerate(lines) if l.startswith("相关解读"))]
e = html.escape
FONT = "WenQuanYi Zen Hei"

ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:xlink="http://www.w3.org/1999/xlink" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"')
text_props = (f'<style:text-properties style:font-name="{FONT}" style:font-name-asian="{FONT}" '
              'fo:font-size="16pt" style:font-size-asian="16pt"/>')
head = (f'<?xml version="1.0" encoding="UTF-8"?><office:document {ns} office:version="1.3" '
        'office:mimetype="application/vnd.oasis.opendocument.text">'
        f'<office:font-face-decls><style:font-face style:name="{FONT}" svg:font-family="&apos;{FONT}&apos;"/>'
        '</office:font-face-decls><office:styles>'
        f'<style:default-style style:family="paragraph">{text_props}</style:default-style>'
        '<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties '
        'fo:text-indent="32pt" fo:line-height="28pt" fo:text-align="justify"/></style:style>'
        '<style:style style:name="Center" style:family="paragraph"><style:paragraph-properties '
        'fo:text-align="center" fo:line-height="28pt"/></style:style>'
        '<style:style style:name="Small" style:family="paragraph"><style:paragraph-properties '
        'fo:text-align="center"/><style:text-properties fo:font-size="10.5pt" '
        'style:font-size-asian="10.5pt"/></style:style>'
        '</office:styles><office:automatic-styles><style:page-layout style:name="pm1">'
        '<style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm" '
        'fo:margin-top="20mm" fo:margin-bottom="15mm" fo:margin-left="28mm" fo:margin-right="26mm"/>'
        '<style:header-style><style:header-footer-properties fo:min-height="0mm" fo:margin-bottom="6mm"/></style:header-style>'
        '<style:footer-style><style:header-footer-properties fo:min-height="0mm" fo:margin-top="6mm"/></style:footer-style>'
        '</style:page-layout></office:automatic-styles><office:master-styles>'
        '<style:master-page style:name="Standard" style:page-layout-name="pm1">'
        '<style:header><text:p text:style-name="Small">泰安市人民政府文件</text:p></style:header>'
        '<style:footer><text:p text:style-name="Small">- <text:page-number text:select-page="current"/> -</text:p></style:footer>'
        '</style:master-page></office:master-styles><office:body><office:text>')
tail = "</office:text></office:body></office:document>"

body = []
for l in lines:
    if not l:
        continue
    centered = l in ("泰安市康养福地建设实施意见", "泰安市人民政府") or l.startswith("2021年6月17日")
    body.append(f'<text:p text:style-name="{"Center" if centered else "Body"}">{e(l)}</text:p>')
fodt = head + "".join(body) + tail


def soffice(src, fmt, out):
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", d, src],
                       check=True, capture_output=True)
        os.replace(os.path.join(d, os.listdir(d)[0]), out)


locked = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
          '"DocumentOpenPassword":{"type":"string","value":"1234"}}')
with tempfile.TemporaryDirectory() as d:
    p = os.path.join(d, "taian.fodt")
    open(p, "w", encoding="utf-8").write(fodt)
    pdf = os.path.join(HERE, "taian-kangyang.pdf")
    soffice(p, "pdf", pdf)
    soffice(p, locked, os.path.join(HERE, "taian-kangyang-locked.pdf"))
    # The scan: pages as grey pictures, nothing else on them.
    subprocess.run(["pdftoppm", "-r", "50", "-gray", "-png", "-f", "1", "-l", "2", pdf,
                    os.path.join(d, "page")], check=True)
    frames = []
    for k, png in enumerate(sorted(glob.glob(os.path.join(d, "page*.png")))):
        data = base64.b64encode(open(png, "rb").read()).decode()
        frames.append(f'<text:p><draw:frame draw:name="p{k}" text:anchor-type="as-char" '
                      'svg:width="150mm" svg:height="212mm"><draw:image><office:binary-data>'
                      f"{data}</office:binary-data></draw:image></draw:frame></text:p>")
    scan = os.path.join(d, "scan.fodt")
    open(scan, "w", encoding="utf-8").write(
        head.replace("泰安市人民政府文件", "").replace(
            '- <text:page-number text:select-page="current"/> -', "") + "".join(frames) + tail)
    soffice(scan, "pdf", os.path.join(HERE, "taian-kangyang-scan.pdf"))
print("made the PDFs")
