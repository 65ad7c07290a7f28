// Each example program captured at most once per test run, shared by every test file.
//
// Vitest runs test files in separate workers, so an in-memory cache is per file. The global setup
// (test/support/globalSetup.ts) makes one scratch directory per run and provides its path; the
// first file that needs a capture takes a lock file (O_EXCL) and writes the capture as JSON, the
// others wait for that file. The directory is removed when the run ends. Without the global
// setup (a file run by some other runner) captures are cached in this worker only.
import { existsSync, openSync, closeSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";
import { captureProgram, type CapturedProgram, type CaptureOptions } from "../../engine/capture";

declare module "vitest" {
    export interface ProvidedContext {
        /** The run's scratch directory for shared captures (see test/support/globalSetup.ts). */
        captureCacheDir: string;
    }
}

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const WAIT_MS = 180_000;
const POLL_MS = 100;

const inWorker = new Map<string, Promise<CapturedProgram>>();

function sharedDir(): string | undefined {
    try {
        const dir = inject("captureCacheDir");
        return typeof dir === "string" && existsSync(dir) ? dir : undefined;
    } catch {
        return undefined;
    }
}

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitForCapture(json: string, failed: string, key: string): Promise<CapturedProgram> {
    for (let waited = 0; waited < WAIT_MS; waited += POLL_MS) {
        if (existsSync(json)) return JSON.parse(readFileSync(json, "utf8")) as CapturedProgram;
        if (existsSync(failed)) throw new Error(`capturing ${key} failed in another test file:\n${readFileSync(failed, "utf8")}`);
        await sleep(POLL_MS);
    }
    throw new Error(`capturing ${key}: another test file took the lock and wrote nothing within ${WAIT_MS} ms`);
}

async function captureShared(dir: string, key: string, programDir: string, options: CaptureOptions): Promise<CapturedProgram> {
    const base = path.join(dir, key);
    const json = `${base}.json`;
    const failed = `${base}.error`;
    let lock: number;
    try {
        lock = openSync(`${base}.lock`, "wx");
    } catch {
        return waitForCapture(json, failed, key);
    }
    closeSync(lock);
    try {
        const program = await captureProgram(programDir, options);
        writeFileSync(`${json}.tmp`, JSON.stringify(program));
        renameSync(`${json}.tmp`, json);
        return program;
    } catch (e) {
        writeFileSync(failed, e instanceof Error ? (e.stack ?? e.message) : String(e));
        throw e;
    }
}

/** The capture of examples/<name> with `options`, made once per test run. */
export function capturedExample(name: string, options: CaptureOptions = {}): Promise<CapturedProgram> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`not an example name: ${name}`);
    const key = `${name}.${options.stack ?? "-"}.${options.preview === false ? "update" : "preview"}`;
    let capture = inWorker.get(key);
    if (capture === undefined) {
        const dir = sharedDir();
        const programDir = path.join(EXAMPLES, name);
        capture = dir !== undefined ? captureShared(dir, key, programDir, options) : captureProgram(programDir, options);
        inWorker.set(key, capture);
    }
    return capture;
}
