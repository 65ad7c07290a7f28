// Each example program captured at most once per test run, shared by every test file.
//
// Vitest runs test files in separate workers, so an in-memory cache is per file. The global setup
// (test/support/globalSetup.ts) makes one scratch directory per run and provides its path; the
// first file that needs a capture takes a lock file (O_EXCL) and writes the capture as JSON, the
// others wait for that file. The directory is removed when the run ends. Without the global
// setup (a file run by some other runner) captures are cached in this worker only.
//
// Scratch programs (test/support/programs.ts) that several files capture are shared the same way,
// keyed by their content: capturedProgram(dir).
//
// A file that runs the command or the testing API on the examples in process can have their
// captures come from here too: `vi.mock` engine/capture with sharingExampleCaptures (such a file
// goes in vitest.config.mts's MOCKING list). This module imports engine/capture only when a capture
// is made, so that the mock's factory can load it.
import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { inject } from "vitest";
import type * as engineCapture from "../../engine/capture";
import type { CapturedProgram, CaptureOptions } from "../../engine/capture";

/** What the cache needs of engine/capture: the real module, or the original under a mock. */
type CaptureModule = Pick<typeof engineCapture, "captureProgram" | "selectStack">;

declare module "vitest" {
    export interface ProvidedContext {
        /** The run's scratch directory for shared captures (see test/support/globalSetup.ts). */
        captureCacheDir: string;
    }
}

const EXAMPLES = path.resolve(__dirname, "..", "..", "examples");
const WAIT_MS = 300_000;
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

async function captureShared(
    capture: CaptureModule,
    dir: string,
    key: string,
    programDir: string,
    options: CaptureOptions,
): Promise<CapturedProgram> {
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
        const program = await capture.captureProgram(programDir, options);
        writeFileSync(`${json}.tmp`, JSON.stringify(program));
        renameSync(`${json}.tmp`, json);
        return program;
    } catch (e) {
        writeFileSync(failed, e instanceof Error ? (e.stack ?? e.message) : String(e));
        throw e;
    }
}

function cached(capture: CaptureModule, name: string, options: CaptureOptions): Promise<CapturedProgram> {
    const programDir = path.join(EXAMPLES, name);
    // Keyed by the stack captureProgram selects: no stack named and the only stack file's are one capture.
    const key = `${name}.${capture.selectStack(programDir, options.stack).stack}.${options.preview === false ? "update" : "preview"}`;
    return cachedAs(capture, key, programDir, options);
}

function cachedAs(capture: CaptureModule, key: string, programDir: string, options: CaptureOptions): Promise<CapturedProgram> {
    let program = inWorker.get(key);
    if (program === undefined) {
        const dir = sharedDir();
        program = dir !== undefined ? captureShared(capture, dir, key, programDir, options) : capture.captureProgram(programDir, options);
        inWorker.set(key, program);
    }
    return program;
}

/** The capture of examples/<name> with `options`, made once per test run. */
export async function capturedExample(name: string, options: CaptureOptions = {}): Promise<CapturedProgram> {
    if (!/^[a-z0-9-]+$/.test(name)) throw new Error(`not an example name: ${name}`);
    return cached(await import("../../engine/capture.js"), name, options);
}

/** Each file's path (relative, node_modules aside) and content, in order: what a capture can depend on. */
function hashProgramFiles(hash: ReturnType<typeof createHash>, root: string, relative: string): void {
    const entries = readdirSync(path.join(root, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
        const file = path.join(relative, entry.name);
        if (entry.name === "node_modules") {
            hash.update(`link ${file}\0`);
        } else if (entry.isDirectory()) {
            hashProgramFiles(hash, root, file);
        } else {
            hash.update(`file ${file}\0`)
                .update(readFileSync(path.join(root, file)))
                .update("\0");
        }
    }
}

/**
 * The capture of the program in `programDir`, made once per test run for each content: programs
 * written by several test files with the same files (project name included) share one capture.
 * For self-contained scratch programs (test/support/programs.ts), whose capture depends on nothing
 * outside their directory but this repository's node_modules.
 */
export async function capturedProgram(programDir: string, options: CaptureOptions = {}): Promise<CapturedProgram> {
    const hash = createHash("sha256");
    hashProgramFiles(hash, path.resolve(programDir), ".");
    const key = `program-${hash.digest("hex").slice(0, 32)}.${options.stack ?? ""}.${options.preview === false ? "update" : "preview"}`;
    return cachedAs(await import("../../engine/capture.js"), key, programDir, options);
}

/** The name of the example program in `programDir` (examples/<name>), or undefined. */
function exampleName(programDir: string): string | undefined {
    const name = path.relative(EXAMPLES, path.resolve(programDir));
    return /^[a-z0-9-]+$/.test(name) && existsSync(path.join(EXAMPLES, name, "Pulumi.yaml")) ? name : undefined;
}

/**
 * engine/capture whose captureProgram gives the example programs' shared captures (a copy each
 * call) and captures any other program as `actual` does:
 * `vi.mock(".../engine/capture", async (importOriginal) => sharingExampleCaptures(await importOriginal()))`,
 * with this module imported inside the factory.
 */
export function sharingExampleCaptures<M extends CaptureModule>(actual: M): M {
    const captureProgram: CaptureModule["captureProgram"] = async (programDir, options = {}) => {
        const name = exampleName(programDir);
        return name === undefined ? actual.captureProgram(programDir, options) : structuredClone(await cached(actual, name, options));
    };
    return { ...actual, captureProgram };
}
