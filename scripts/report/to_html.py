"""Render executed notebooks to offline HTML pages with the `difftheory` nbconvert template.

Usage: python3 to_html.py REPORTS_DIR NOTEBOOK.ipynb...   (notebooks under REPORTS_DIR/notebooks/)
Each page gets relative links to REPORTS_DIR/assets/mathjax and REPORTS_DIR/index.html, so the report can be
opened from disk with no server and no network.
"""
import os
import sys

import nbformat
from nbconvert import HTMLExporter

TEMPLATES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "template")


def main():
    reports = os.path.abspath(sys.argv[1])
    exporter = HTMLExporter(template_name="difftheory", extra_template_basedirs=[TEMPLATES])
    for path in sys.argv[2:]:
        page_dir = os.path.dirname(os.path.abspath(path))
        rel = os.path.relpath(reports, page_dir)
        resources = {
            "mathjax_url": f"{rel}/assets/mathjax/MathJax.js?config=TeX-AMS_SVG-full",
            "index_url": f"{rel}/index.html",
            "metadata": {"name": os.path.splitext(os.path.basename(path))[0]},
        }
        exporter.mathjax_url = resources["mathjax_url"]
        body, _ = exporter.from_notebook_node(nbformat.read(path, as_version=4), resources=resources)
        with open(os.path.splitext(path)[0] + ".html", "w", encoding="utf-8") as f:
            f.write(body)


if __name__ == "__main__":
    main()
