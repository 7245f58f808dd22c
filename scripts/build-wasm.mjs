#!/usr/bin/env node
// Assembles every src/**/*.wat into the same place under dist/ (src/core/dot-kernel.wat -> dist/core/dot-kernel.wasm)
// with wabt, the WebAssembly project's own assembler (an npm devDependency, itself compiled to WebAssembly: nothing is
// downloaded). SIMD is the only post-MVP feature enabled. Outputs newer than their source are kept.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import wabtInit from "wabt";
import { root } from "./env.mjs";

function* watFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* watFiles(path);
    else if (entry.name.endsWith(".wat")) yield path;
  }
}

let wabt;
for (const source of watFiles(join(root, "src"))) {
  const target = join(root, "dist", relative(join(root, "src"), source)).replace(/\.wat$/, ".wasm");
  if (existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs) continue;
  wabt ??= await wabtInit();
  const module = wabt.parseWat(source, readFileSync(source, "utf8"), { simd: true });
  try {
    module.validate();
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
  console.log(`[build-wasm] ${relative(root, source)} -> ${relative(root, target)}`);
}
