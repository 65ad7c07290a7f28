// Once per vitest run: the scratch directory in which test/support/captureCache.ts shares example
// captures between test files, removed when the run ends.
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node";

export default function setup(project: TestProject): () => void {
    const dir = mkdtempSync(path.join(os.tmpdir(), "obs-sse-captures-"));
    project.provide("captureCacheDir", dir);
    return () => rmSync(dir, { recursive: true, force: true });
}
