#!/usr/bin/python3
"""Reads an .xlsx with openpyxl (Debian's python3-openpyxl, a reader the app did not write) and
prints what the tests check as JSON: document properties, and per sheet the frozen panes,
autofilter, page setup, header/footer and every non-empty cell (type, number format, value)."""
import datetime
import json
import sys

import openpyxl


def value(v):
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    return v


def probe(path):
    wb = openpyxl.load_workbook(path)
    props = wb.properties
    out = {
        "properties": {
            "creator": props.creator,
            "title": props.title,
            "subject": props.subject,
            "created": value(props.created),
        },
        "sheets": [],
    }
    for ws in wb.worksheets:
        cells = []
        for row in ws.iter_rows():
            for c in row:
                if c.value is None:
                    continue
                cells.append({
                    "ref": c.coordinate,
                    "row": c.row,
                    "col": c.column,
                    "type": c.data_type,
                    "format": c.number_format,
                    "value": value(c.value),
                    "bold": bool(c.font and c.font.b),
                })
        ps = ws.page_setup
        out["sheets"].append({
            "name": ws.title,
            "freeze": ws.freeze_panes,
            "autoFilter": ws.auto_filter.ref,
            "paperSize": ps.paperSize,
            "orientation": ps.orientation,
            "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
            "fitToWidth": ps.fitToWidth,
            "fitToHeight": ps.fitToHeight,
            "header": ws.oddHeader.left.text if ws.oddHeader and ws.oddHeader.left else None,
            "headerRight": ws.oddHeader.right.text if ws.oddHeader and ws.oddHeader.right else None,
            "footerRight": ws.oddFooter.right.text if ws.oddFooter and ws.oddFooter.right else None,
            "widths": {k: v.width for k, v in ws.column_dimensions.items() if v.width},
            "cells": cells,
        })
    return out


if __name__ == "__main__":
    print(json.dumps(probe(sys.argv[1]), ensure_ascii=False))
