// Once per vitest run (per project: each project provides its own capture directory):
// - the scratch directory in which test/support/captureCache.ts shares example captures between
//   test files;
// - one temporary directory for the whole run, made the workers' TMPDIR (os.tmpdir()), so that
//   whatever a test file or a process it starts leaves there is removed when the run ends.
import { mkdtempSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };

const RUN_TMP = "OBS_SSE_TEST_RUN_TMPDIR";

export default function setup(project: TestProject): () => void {
    let ownRunTmp: string | undefined;
    if (process.env[RUN_TMP] === undefined) {
        ownRunTmp = mkdtempSync(path.join(os.tmpdir(), "obs-sse-test-run-"));
        process.env[RUN_TMP] = ownRunTmp;
        process.env.TMPDIR = ownRunTmp;
    }
    const dir = mkdtempSync(path.join(os.tmpdir(), "obs-sse-captures-"));
    project.provide("captureCacheDir", dir);
    return () => {
        rmSync(dir, { recursive: true, force: true });
        if (ownRunTmp !== undefined) rmSync(ownRunTmp, { recursive: true, force: true });
    };
}
