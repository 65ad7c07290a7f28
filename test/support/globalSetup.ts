// Once per vitest run:
// - the scratch directory in which test/support/captureCache.ts shares example captures between
//   test files, one for every project of the run (each project runs this setup; the first makes
//   the directory, the last to finish removes it);
// - one temporary directory for the whole run, made the workers' TMPDIR (os.tmpdir()), so that
//   whatever a test file or a process it starts leaves there is removed when the run ends;
// - a directory in which capture workers keep their own modules transpiled (engine/capture.ts);
// - at the end, stops the packs test/support/sharedPack.ts recorded there (a worker that is killed
//   rather than exiting cannot stop its own).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TestProject } from "vitest/node" with { "resolution-mode": "import" };
import { TRANSPILE_CACHE_ENV } from "../../engine/capture";

const RUN_TMP = "OBS_SSE_TEST_RUN_TMPDIR";
const CAPTURE_DIR = "OBS_SSE_TEST_CAPTURE_DIR";
const OWN_RUN_TMP = "OBS_SSE_TEST_OWN_RUN_TMPDIR";
const SETUPS = "OBS_SSE_TEST_SETUPS";

/** File name prefix of the records of shared packs (test/support/sharedPack.ts) in the capture directory. */
export const SHARED_PACK_RECORD = "shared-pack-";

/** Stops each recorded pack that is still running (checked by its command line: a pid may be reused). */
function stopSharedPacks(dir: string): void {
    let names: string[];
    try {
        names = readdirSync(dir).filter((n) => n.startsWith(SHARED_PACK_RECORD));
    } catch {
        return;
    }
    for (const name of names) {
        const pid = Number(readFileSync(path.join(dir, name), "utf8"));
        if (!Number.isInteger(pid) || pid <= 0) continue;
        try {
            if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("run-policy-pack")) continue;
        } catch {
            continue; // gone, or no /proc: the worker's exit handler is all there is
        }
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // gone meanwhile
        }
    }
}

export default function setup(project: TestProject): () => void {
    // Counted per vitest process: a run started from within a test inherits this environment.
    const [owner, count] = (process.env[SETUPS] ?? "").split(":");
    if (owner !== String(process.pid)) {
        // The first project's setup: a run directory of its own unless one was given.
        if (process.env[RUN_TMP] === undefined || process.env[OWN_RUN_TMP] !== undefined) {
            const runTmp = mkdtempSync(path.join(os.tmpdir(), "obs-sse-test-run-"));
            process.env[RUN_TMP] = runTmp;
            process.env[OWN_RUN_TMP] = runTmp;
            process.env.TMPDIR = runTmp;
        }
        process.env[CAPTURE_DIR] = mkdtempSync(path.join(os.tmpdir(), "obs-sse-captures-"));
        // The capture worker's own TypeScript modules, transpiled once for the run's captures.
        process.env[TRANSPILE_CACHE_ENV] = mkdtempSync(path.join(os.tmpdir(), "obs-sse-transpiled-"));
    }
    process.env[SETUPS] = `${process.pid}:${owner === String(process.pid) ? Number(count) + 1 : 1}`;
    const dir = process.env[CAPTURE_DIR]!;
    project.provide("captureCacheDir", dir);
    return () => {
        const users = Number((process.env[SETUPS] ?? "").split(":")[1]) - 1;
        process.env[SETUPS] = `${process.pid}:${users}`;
        if (users > 0) return;
        stopSharedPacks(dir);
        rmSync(dir, { recursive: true, force: true });
        rmSync(process.env[TRANSPILE_CACHE_ENV] ?? dir, { recursive: true, force: true });
        const ownRunTmp = process.env[OWN_RUN_TMP];
        if (ownRunTmp !== undefined) rmSync(ownRunTmp, { recursive: true, force: true });
        for (const name of [SETUPS, CAPTURE_DIR, OWN_RUN_TMP, TRANSPILE_CACHE_ENV]) delete process.env[name];
    };
}
