// The pack's name (as index.ts constructs it) and version (package.json, which `pulumi policy
// publish` uploads), for labels and SARIF's tool.driver.
import { readFileSync } from "node:fs";
import * as path from "node:path";

/** The repository root: this file runs from bin/cli/ after the build, from cli/ under vitest. */
export const ROOT = path.basename(path.dirname(__dirname)) === "bin" ? path.resolve(__dirname, "..", "..") : path.resolve(__dirname, "..");

export const PACK_NAME = "obs-sse";

export const PACK_VERSION: string = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;

export const TOOL_NAME = "obs-sse-check";
