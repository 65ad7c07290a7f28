// --output FILE written whole or not at all: the report goes to a temporary file in FILE's
// directory, which is flushed to disk (fsync) and then renamed over FILE. If anything fails (a full
// disk, a read-only directory), the temporary file is removed and FILE is left as it was.
import { randomBytes } from "node:crypto";
import { close, createWriteStream, fsync, openSync, promises as fs, realpathSync, statSync } from "node:fs";
import * as path from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";
import { InputError } from "./inputError";

function errorCode(e: unknown): string {
    return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : "";
}

/** A path's real path (links resolved), or undefined if it does not exist. */
export function realPathOf(file: string): string | undefined {
    try {
        return realpathSync(file);
    } catch {
        return undefined;
    }
}

/**
 * Refuses an --output that is one of the inputs (by real path, so links and ./ spellings count),
 * or a directory. `inputs` are the given paths of files read (plans, the config file).
 */
export function checkOutputTarget(output: string, inputs: readonly string[], cwd: string): void {
    const target = realPathOf(path.resolve(cwd, output));
    if (target === undefined) return;
    let isDirectory = false;
    try {
        isDirectory = statSync(target).isDirectory();
    } catch {
        // Unreadable: the write reports it.
    }
    if (isDirectory) throw new InputError(`${output}: --output names a directory; name a file for the report`);
    for (const input of inputs) {
        if (realPathOf(path.resolve(cwd, input)) === target) {
            throw new InputError(`${output}: --output names an input of this run (${input}); the report would overwrite it`);
        }
    }
}

/**
 * Writes a file atomically: `write` gets a stream to a temporary file next to `file` and resolves
 * when it has written everything; then the data is flushed and the file renamed over `file`.
 * Failures become InputError naming `shown` (the path as the user gave it) and the system's code.
 */
export async function writeFileAtomically(file: string, shown: string, write: (out: Writable) => Promise<void>): Promise<void> {
    // Through a link to the report, the report itself is replaced, not the link.
    const target = realPathOf(file) ?? path.resolve(file);
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    let mode = 0o666;
    try {
        const stats = statSync(target);
        // A device or pipe (-o /dev/stdout, /dev/null): written in place; it cannot be replaced, nor should be.
        if (!stats.isFile()) return await writeInPlace(target, shown, write);
        mode = stats.mode & 0o7777;
    } catch (e) {
        if (e instanceof InputError) throw e;
        // A new file: the default mode, less the umask.
    }
    let fd: number | undefined;
    try {
        fd = openSync(temp, "wx", mode);
        // Through the descriptor (kept open after the stream ends) so that it can be flushed.
        const stream = createWriteStream("", { fd, autoClose: false, highWaterMark: 1024 * 1024 });
        await write(stream);
        await new Promise<void>((resolve, reject) => {
            stream.once("error", reject);
            stream.end(resolve);
        });
        await promisify(fsync)(fd);
        const closing = fd;
        fd = undefined;
        await promisify(close)(closing);
        await fs.rename(temp, target);
    } catch (e) {
        if (fd !== undefined) await promisify(close)(fd).catch(() => undefined);
        await fs.rm(temp, { force: true }).catch(() => undefined);
        const code = errorCode(e);
        // Not a failure of the file system (a defect): reported as such, the old file still kept.
        if (code === "") throw e;
        throw new InputError(`${shown}: the report cannot be written (${code}); the file is left as it was`);
    }
}

async function writeInPlace(target: string, shown: string, write: (out: Writable) => Promise<void>): Promise<void> {
    const stream = createWriteStream(target, { flags: "w" });
    try {
        await write(stream);
        await new Promise<void>((resolve, reject) => {
            stream.once("error", reject);
            stream.end(resolve);
        });
    } catch (e) {
        stream.destroy();
        const code = errorCode(e);
        if (code === "") throw e;
        throw new InputError(`${shown}: the report cannot be written (${code})`);
    }
}
