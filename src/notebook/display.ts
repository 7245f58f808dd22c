/**
 * Emitting rich output from a tslab kernel. tslab's public `display` sends one MIME type per message; a figure needs
 * one bundle with several (plotly JSON, HTML, PNG, text), so this writes through tslab's display writer, which is the
 * same module instance as the running kernel's. Outside a kernel (tests, plain node) nothing is emitted.
 */
import { createRequire } from "node:module";

/** A Jupyter display bundle: MIME type -> content (strings, or JSON for `+json` types). */
export type MimeBundle = { [mime: string]: unknown };

type Writer = (content: { data: MimeBundle; metadata: object; transient: object }, update: boolean) => void;

function kernelWriter(): Writer | undefined {
  // The kernel's own tslab module: resolve from the kernel's entry script first, then from this package.
  const origins = [process.argv[1], import.meta.url].filter((x): x is string => typeof x === "string");
  for (const origin of origins) {
    try {
      const jupyter = createRequire(origin)("tslab/dist/jupyter") as { lastWriteDisplayData?: Writer | null };
      if (jupyter.lastWriteDisplayData) return jupyter.lastWriteDisplayData;
    } catch {
      // not resolvable from here: try the next origin
    }
  }
  return undefined;
}

/** True when running inside a tslab kernel that can take display bundles. */
export function inKernel(): boolean {
  return kernelWriter() !== undefined;
}

/**
 * Sends one display bundle to the notebook. Returns false (and emits nothing) outside a kernel.
 * @param bundle MIME type -> content; `text/plain` should always be present as the last-resort view
 */
export function displayBundle(bundle: MimeBundle): boolean {
  const write = kernelWriter();
  if (!write) return false;
  write({ data: bundle, metadata: {}, transient: {} }, false);
  return true;
}
