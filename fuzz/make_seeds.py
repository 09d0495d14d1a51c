#!/usr/bin/env python3
"""Writes the starting corpora of the bulk fuzz targets from folders of CSV files.

Usage: make_seeds.py CORPUS_ROOT UPLOAD_FOLDER...

Each upload folder (a folder of CSV files of the bulk format) becomes, under
CORPUS_ROOT: one input of `bulk_csv` per file (its name on the first line, then its
text), zips of the folder (deflated, stored, inside a top-level folder) for
`bulk_zip`, and an .xlsx workbook with one sheet per file for `bulk_xlsx`. Only the
first few rows of each file are kept: small inputs fuzz faster. Standard library only.
"""

import csv
import datetime
import io
import re
import sys
import zipfile
from pathlib import Path

ROWS_KEPT = 4
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def kept_text(path):
    lines = path.read_bytes().splitlines(keepends=True)
    return b"".join(lines[: ROWS_KEPT + 1])


def column_letters(index):
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def escaped(text):
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )


def excel_serial(text):
    day = datetime.date.fromisoformat(text)
    return (day - datetime.date(1899, 12, 30)).days


def sheet_xml(text):
    rows = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           f'<dimension ref="A1:{column_letters(max(map(len, rows), default=1) - 1)}{len(rows)}"/>'
           "<sheetData>"]
    for number, row in enumerate(rows, start=1):
        out.append(f'<row r="{number}">')
        for index, value in enumerate(row):
            ref = f"{column_letters(index)}{number}"
            if value == "":
                continue
            if number > 1 and DATE.match(value):
                try:
                    out.append(f'<c r="{ref}" s="1"><v>{excel_serial(value)}</v></c>')
                    continue
                except ValueError:
                    pass
            if number > 1 and NUMBER.match(value):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value in ("true", "false") and number > 1:
                out.append(f'<c r="{ref}" t="b"><v>{1 if value == "true" else 0}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escaped(value)}</t></is></c>')
        out.append("</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def workbook(files):
    """An .xlsx holding one sheet per (name, csv text), with a date style."""
    buffer = io.BytesIO()
    names = [name for name, _ in files]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(names) + 1)
            )
            + "</Types>",
        )
        book.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(
                f'<sheet name="{escaped(name)}" sheetId="{i}" r:id="rId{i}"/>'
                for i, name in enumerate(names, start=1)
            )
            + "</sheets></workbook>",
        )
        book.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        book.writestr(
            "xl/styles.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>'
            "</styleSheet>",
        )
        for i, (_, text) in enumerate(files, start=1):
            book.writestr(f"xl/worksheets/sheet{i}.xml", sheet_xml(text))
    return buffer.getvalue()


def zipped(files, compression, folder=""):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        if folder:
            archive.writestr(folder + "/", b"")
        for name, text in files:
            archive.writestr(f"{folder}/{name}" if folder else name, text)
    return buffer.getvalue()


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    root = Path(sys.argv[1])
    for target in ("bulk_csv", "bulk_zip", "bulk_xlsx"):
        (root / target).mkdir(parents=True, exist_ok=True)
    for number, folder in enumerate(map(Path, sys.argv[2:])):
        files = [(p.name, kept_text(p)) for p in sorted(folder.glob("*.csv"))]
        for name, text in files:
            (root / "bulk_csv" / f"seed{number}-{name}").write_bytes(name.encode() + b"\n" + text)
        required = [f for f in files if f[0] in ("workers.csv", "employments.csv")]
        (root / "bulk_zip" / f"seed{number}-deflated.zip").write_bytes(zipped(files, zipfile.ZIP_DEFLATED))
        (root / "bulk_zip" / f"seed{number}-stored-in-folder.zip").write_bytes(
            zipped(required, zipfile.ZIP_STORED, "export")
        )
        sheets = [(name[:-4], text) for name, text in files]
        (root / "bulk_xlsx" / f"seed{number}-all.xlsx").write_bytes(workbook(sheets))
        (root / "bulk_xlsx" / f"seed{number}-required.xlsx").write_bytes(
            workbook([(name[:-4], text) for name, text in required])
        )


if __name__ == "__main__":
    main()
