#!/usr/bin/env python3
"""Regenerates the encoded and binary fixtures of the bad-input suite from the UTF-8
originals beside this script (zh-glossary.csv, zh-corpus.txt, en-corpus.txt).
Run from anywhere: python3 tests/data/bad/make.py. The outputs are committed, so the
suite does not need Python; this script records how each one was made."""
import os

here = os.path.dirname(os.path.abspath(__file__))


def put(name, data):
    with open(os.path.join(here, name), "wb") as f:
        f.write(data)


def text(name):
    with open(os.path.join(here, name), encoding="utf-8") as f:
        return f.read()


for stem, ext in [("zh-glossary", "csv"), ("zh-corpus", "txt")]:
    t = text(f"{stem}.{ext}")
    put(f"{stem}.gb18030.{ext}", t.encode("gb18030"))
    put(f"{stem}.utf16le-bom.{ext}", b"\xff\xfe" + t.encode("utf-16-le"))
    put(f"{stem}.utf16be-bom.{ext}", b"\xfe\xff" + t.encode("utf-16-be"))
    put(f"{stem}.utf8-bom.{ext}", b"\xef\xbb\xbf" + t.encode("utf-8"))

en = text("en-corpus.txt")
put("en-corpus.windows-1252.txt", en.encode("cp1252"))
put("utf16le-no-bom.txt", en.encode("utf-16-le"))
# A PNG header renamed to .txt.
put("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
# UTF-8 with one Latin-1 byte pasted in (the é of "café").
put("invalid-utf8.txt", en.encode("utf-8").replace(b"Road Initiative", b"Road Initiative caf\xe9", 1))
# Japanese, which detection does not guess.
put("shift-jis.txt", "一帯一路構想について。日本語のテキストです。\n".encode("shift_jis"))
# GB18030 with a byte that is no GB18030 (0xFF), on line 2.
put("gb18030-bad-byte.txt", "一带一路倡议\nwin-win 合作".encode("gb18030") + b"\xff\n")
