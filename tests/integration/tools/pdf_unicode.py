#!/usr/bin/python3
"""Lists the Unicode code points a PDF's fonts map their glyphs to (ToUnicode CMaps), read with
zlib only: pdftotext turns U+202F and U+00A0 into plain spaces, this shows they are in the file."""
import json
import re
import sys
import zlib


def code_points(path):
    data = open(path, "rb").read()
    found = set()
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text = zlib.decompress(m.group(1)).decode("latin-1")
        except zlib.error:
            continue
        if "begincmap" not in text:
            continue
        for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
            for arr in re.findall(r"\[(.*?)\]", block, re.S):
                found.update(h.lower() for h in re.findall(r"<([0-9a-fA-F]{4})>", arr))
        for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
            for _src, dst in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]{4})>", block):
                found.add(dst.lower())
    return sorted(found)


if __name__ == "__main__":
    print(json.dumps(code_points(sys.argv[1])))
