// One pack process per test worker, shared by the test files that run in it.
//
// Launching the pack (Node.js loading @pulumi/pulumi, @pulumi/policy and the pack) costs about 1.5 s
// of CPU; a dozen files need only "the pack, launched as the CLI launches it, for a deployment".
// The shared project runs its files with isolate: false (vitest.config.mts), so this module, and
// the pack it launched, outlive one file: each file that takes the pack configures it as it needs
// (ConfigureStack, Configure) before its first call, as it did with a pack of its own; the policies
// read nothing else of a previous call (they do not look at the stack context). A file that tests
// launching or closing a pack, or what a pack prints while starting, launches its own.
//
// The pack is stopped when the worker exits; in case a worker is killed instead, the global setup
// (test/support/globalSetup.ts) stops every pack recorded in the run's directory when the run ends.
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";
import { PackProcess } from "../../engine/pack";
import { SHARED_PACK_RECORD } from "./globalSetup";
import { PROCESS_TIMEOUT_MS } from "./timeouts";

const ROOT = path.resolve(__dirname, "..", "..");

let launched: Promise<PackProcess> | undefined;

function record(pack: PackProcess): void {
    const pid = pack.pid;
    if (pid === undefined) return;
    process.once("exit", () => {
        try {
            process.kill(pid, "SIGKILL");
        } catch {
            // already gone
        }
    });
    let dir: string | undefined;
    try {
        dir = inject("captureCacheDir");
    } catch {
        dir = undefined;
    }
    if (typeof dir === "string") writeFileSync(path.join(dir, `${SHARED_PACK_RECORD}${pid}`), String(pid));
}

async function launch(): Promise<PackProcess> {
    const pack = await PackProcess.launch(ROOT, { timeoutMs: PROCESS_TIMEOUT_MS });
    record(pack);
    return pack;
}

/**
 * This package's pack, launched for a deployment (as `pulumi preview --policy-pack` launches it),
 * shared by the test files of this worker. Configure it before use; never close it.
 */
export function sharedPack(): Promise<PackProcess> {
    launched ??= launch().catch((e: unknown) => {
        launched = undefined;
        throw e;
    });
    return launched;
}
