#!/usr/bin/env python3
"""Print every (source, target) pair a third-party reader takes from a file, one per line
as source<TAB>target (TAB, line breaks and backslashes escaped), for tests/interop.sh.

usage: dump.py ttk-tbx|ttk-omegat|ttk-csv|stdlib-csv|deepl-tsv|xlsx FILE
       dump.py expect preferred|omegat-tbx GLOSSARY.csv

ttk-*      translate-toolkit's own storage classes (tbxfile, OmegaTFile, csvfile)
stdlib-csv Python's csv module (RFC 4180), the reference the other CSV readers must agree with
deepl-tsv  the official DeepL client's parser (deepl.util.convert_tsv_to_dict)
xlsx       openpyxl (first worksheet)
For CSV and XLSX tables the pair is (first Chinese column, first English column), read from
the header; `expect` prints what termalign's glossary says those pairs must be.
"""

import csv
import io
import sys


def esc(s):
    if s is None:
        return "<None>"
    return str(s).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def lang_columns(header):
    """Indexes of the first Chinese and first English term columns of a table header."""
    zh = en = None
    for i, h in enumerate(header):
        h = (h or "").strip().lower()
        if "forbidden" in h:
            continue
        first = h.replace("_", "-").replace("(", " ").split("-")[0].split(" ")[0]
        if zh is None and first in ("zh", "chinese"):
            zh = i
        if en is None and first in ("en", "english"):
            en = i
    if zh is None or en is None:
        raise SystemExit(f"no Chinese and English columns in header {header!r}")
    return zh, en


def table_pairs(rows):
    rows = list(rows)
    zh, en = lang_columns(rows[0])
    return [(r[zh] if zh < len(r) else "", r[en] if en < len(r) else "") for r in rows[1:]]


def main(argv):
    kind, path = argv[0], argv[-1]
    if kind == "expect":
        mode = argv[1]
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                split = lambda v: [x.strip() for x in (v or "").split("|") if x.strip()]
                zh = [row["zh"]] if row["zh"] else []
                zh += split(row.get("zh_variants"))
                en = [row["en"]] + split(row.get("en_variants"))
                en += [d.split("::")[0].strip() for d in split(row.get("en_deprecated"))]
                if not zh or not row["en"]:
                    continue
                if mode == "preferred":
                    print(f"{esc(zh[0])}\t{esc(row['en'])}")
                else:
                    for z in zh:
                        for e in en:
                            print(f"{esc(z)}\t{esc(e)}")
        return 0
    if kind == "ttk-tbx":
        from translate.storage import tbx

        with open(path, "rb") as fh:
            pairs = [(u.source, u.target) for u in tbx.tbxfile(fh).units if not u.isheader()]
    elif kind == "ttk-omegat":
        from translate.storage import omegat

        with open(path, "rb") as fh:
            pairs = [(u.source, u.target) for u in omegat.OmegaTFile(fh).units if not u.isheader()]
    elif kind == "ttk-csv":
        from translate.storage import csvl10n

        with open(path, encoding="utf-8-sig", newline="") as fh:
            header = next(csv.reader(fh))
        zh, en = lang_columns(header)
        names = [f"c{i}" for i in range(len(header))]
        names[zh], names[en] = "source", "target"
        with open(path, "rb") as fh:
            units = [u for u in csvl10n.csvfile(fh, fieldnames=names).units if not u.isheader()]
        pairs = [(u.source, u.target) for u in units]
        if pairs and pairs[0] == (header[zh].lstrip("\ufeff"), header[en]):
            pairs = pairs[1:]  # the header row, read as data since its names are not translate-toolkit's
    elif kind == "stdlib-csv":
        with open(path, encoding="utf-8-sig", newline="") as fh:
            pairs = table_pairs(csv.reader(fh))
    elif kind == "deepl-tsv":
        from deepl import util

        with open(path, encoding="utf-8") as fh:
            pairs = list(util.convert_tsv_to_dict(fh.read()).items())
    elif kind == "xlsx":
        import openpyxl

        ws = openpyxl.load_workbook(path, read_only=True).worksheets[0]
        pairs = table_pairs([["" if c is None else str(c) for c in row] for row in ws.iter_rows(values_only=True)])
    else:
        raise SystemExit(__doc__)
    out = io.StringIO()
    for s, t in pairs:
        out.write(f"{esc(s)}\t{esc(t)}\n")
    sys.stdout.write(out.getvalue())
    return 0 if pairs else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
