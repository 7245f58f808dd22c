"""Execute notebooks through the real Jupyter protocol with the project's tslab kernel.

For each notebook: start a kernel in the notebook's folder, inject parameters after the cell tagged
`parameters`, run every code cell with a per-cell timeout (the kernel is interrupted on timeout),
write the executed copy under --out (same relative path as under notebooks/), and print one line
with the wall time. A failing cell's source and its stderr are printed, since tslab's error replies
carry no message of their own. Ends with `N passed, N failed`; exits 1 on any failure.

Usage: python3 run_notebooks.py [--out DIR] [--timeout S] [--param NAME=VALUE ...]
                                [--summary FILE] NOTEBOOK...
"""
import argparse
import json
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

KERNEL = "tslab"


def inject_parameters(nb, params):
    """Insert a cell `NAME = VALUE;` per parameter right after the cell tagged `parameters`."""
    if not params:
        return
    index = next((i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", [])), None)
    if index is None:
        raise SystemExit("parameters were given but the notebook has no cell tagged 'parameters'")
    source = "// Injected by the notebook runner\n" + "\n".join(f"{k} = {v};" for k, v in params) + "\nvoid 0;"
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)


def stderr_of(cell):
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("name") == "stderr")


def execute(path, out_path, timeout, params):
    nb = nbformat.read(path, as_version=4)
    inject_parameters(nb, params)
    client = NotebookClient(
        nb,
        kernel_name=KERNEL,
        timeout=timeout,
        interrupt_on_timeout=True,
        record_timing=True,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    error = None
    count = 0
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            count += 1
            try:
                client.execute_cell(cell, index)
            except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
                kind = type(exc).__name__
                error = {
                    "cell": index,
                    "kind": kind,
                    "source": cell.source,
                    "stderr": stderr_of(nb.cells[index]) or stderr_of(cell) or str(exc),
                }
                break
            finally:
                # tslab sends no execute_input, so the count is filled in here.
                if nb.cells[index].get("execution_count") is None:
                    nb.cells[index]["execution_count"] = count
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    nbformat.write(nb, out_path)
    return error


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="+")
    ap.add_argument("--out", default="reports/notebooks")
    ap.add_argument("--root", default="notebooks", help="notebook paths are written under --out relative to this")
    ap.add_argument("--timeout", type=int, default=600, help="seconds per cell before the kernel is interrupted")
    ap.add_argument("--param", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--summary", help="write per-notebook results as JSON here")
    args = ap.parse_args()
    params = [p.split("=", 1) for p in args.param]

    results = []
    for path in args.notebooks:
        rel = os.path.relpath(path, args.root)
        out_path = os.path.join(args.out, rel)
        start = time.monotonic()
        error = execute(path, out_path, args.timeout, params)
        seconds = time.monotonic() - start
        status = "failed" if error else "passed"
        print(f"{'PASS' if not error else 'FAIL'}  {path}  ({seconds:.1f} s)", flush=True)
        if error:
            print(f"----- {error['kind']} in cell {error['cell']} of {path}:", flush=True)
            print(error["source"], flush=True)
            print("----- stderr:", flush=True)
            print(error["stderr"].rstrip(), flush=True)
            print("-----", flush=True)
        results.append({"notebook": path, "executed": out_path, "status": status,
                        "seconds": round(seconds, 3), "error": error, "parameters": dict(params)})

    if args.summary:
        os.makedirs(os.path.dirname(os.path.abspath(args.summary)), exist_ok=True)
        with open(args.summary, "w") as f:
            json.dump(results, f, indent=2)
    failed = sum(r["status"] == "failed" for r in results)
    print(f"{len(results) - failed} passed, {failed} failed", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
