// Reading the command's inputs with bounds: what each named input is (a plan file, a Pulumi program
// directory, standard input), refusing anything else before it is opened (FIFOs block, devices
// never end); plans read whole up to MAX_INPUT_BYTES and decoded from UTF-8 or UTF-16 (by byte order
// mark: Windows PowerShell 5.1's `>` writes UTF-16LE with one). Messages name the input and say
// what is wrong, never what it holds.
import { AsyncLocalStorage } from "node:async_hooks";
import { constants as bufferConstants, isAscii, isUtf8 } from "node:buffer";
import { closeSync, constants as fsConstants, existsSync, fstatSync, openSync, readdirSync, readSync, statSync, type Stats } from "node:fs";
import * as path from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "./inputError";
import { MAX_INPUT_BYTES, MAX_INPUT_MIB } from "./limits";

export { MAX_INPUT_BYTES, MAX_INPUT_MIB };

/** How a plan on standard input is named in messages and reports. */
export const STDIN_INPUT = "-";

export type InputKind = "terraform-plan" | "terraform-source" | "pulumi-program" | "stdin";

function errorCode(e: unknown): string {
    return typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : "";
}

function notRegular(stats: Stats): string | undefined {
    if (stats.isFIFO()) return "a FIFO (named pipe)";
    if (stats.isCharacterDevice()) return "a character device";
    if (stats.isBlockDevice()) return "a block device";
    if (stats.isSocket()) return "a socket";
    if (!stats.isFile() && !stats.isDirectory()) return "not a regular file";
    return undefined;
}

function tooBig(input: string, what: string): InputError {
    return new InputError(`${input}: ${what}; plans over ${MAX_INPUT_MIB} MiB are refused`);
}

/** What the context of one run provides to the plan reader: the working directory and standard input, read. */
interface ReadContext {
    readonly cwd: string;
    readonly stdin?: Buffer | undefined;
}

const context = new AsyncLocalStorage<ReadContext>();

/** Runs `fn` with plan reads resolved against `cwd`, and `-` read as `stdin`. */
export function withInputs<T>(ctx: ReadContext, fn: () => Promise<T>): Promise<T> {
    return context.run(ctx, fn);
}

function resolve(input: string): string {
    return path.resolve(context.getStore()?.cwd ?? process.cwd(), input);
}

/** Whether a directory holds Terraform configuration files (`*.tf`, `*.tf.json`). */
export function holdsTerraformFiles(dir: string): boolean {
    try {
        return readdirSync(dir, { withFileTypes: true }).some((e) => !e.isDirectory() && /\.tf(\.json)?$/.test(e.name));
    } catch {
        return false;
    }
}

/**
 * What a named input is, from stat (which follows links) before anything is opened: `-` is
 * standard input, a directory with Pulumi.yaml a program, one with .tf files (and no Pulumi.yaml) a Terraform configuration, a regular file a plan. Anything else is
 * refused.
 */
export function classifyInput(input: string, cwd: string): InputKind {
    if (input === STDIN_INPUT) return "stdin";
    const file = path.resolve(cwd, input);
    let stats: Stats;
    try {
        stats = statSync(file);
    } catch (e) {
        const code = errorCode(e);
        throw new InputError(
            code === "ENOENT" || code === "ENOTDIR"
                ? `${input}: no such file or directory`
                : `${input}: cannot be read (${code || "stat error"})`,
        );
    }
    if (stats.isDirectory()) {
        // Pulumi.yaml is a project's own declaration: a Pulumi program with .tf files beside it
        // (a converted or wrapped configuration) is still previewed as the program.
        if (existsSync(path.join(file, "Pulumi.yaml")) || existsSync(path.join(file, "Pulumi.yml"))) return "pulumi-program";
        if (holdsTerraformFiles(file)) return "terraform-source";
        throw new InputError(
            `${input}: is a directory with neither Pulumi.yaml nor Terraform .tf files: not a Pulumi program, a Terraform configuration or a plan file`,
        );
    }
    const kind = notRegular(stats);
    if (kind !== undefined)
        throw new InputError(
            `${input}: is ${kind}, not a regular file; write the plan to a file, or pipe it to standard input and name the input -`,
        );
    if (stats.size > MAX_INPUT_BYTES) throw tooBig(input, `is ${(stats.size / 1024 / 1024).toFixed(0)} MiB`);
    return "terraform-plan";
}

/**
 * The --config file, looked at before it is read: missing is left to the config loader's message;
 * anything but a regular file of at most MAX_INPUT_BYTES is refused.
 */
export function checkConfigFile(file: string, cwd: string): void {
    let stats: Stats;
    try {
        stats = statSync(path.resolve(cwd, file));
    } catch {
        return;
    }
    const kind = stats.isDirectory() ? "a directory" : notRegular(stats);
    if (kind !== undefined) throw new InputError(`${file}: the config file is ${kind}, not a regular file`);
    if (stats.size > MAX_INPUT_BYTES) throw new InputError(`${file}: the config file is over ${MAX_INPUT_MIB} MiB`);
}

/** Reads a regular file whole, refusing anything else and anything over MAX_INPUT_BYTES. */
export function readFileBounded(input: string): Buffer {
    const file = resolve(input);
    let fd: number;
    try {
        const before = statSync(file);
        const kind = before.isDirectory() ? "a directory" : notRegular(before);
        if (kind !== undefined) throw new InputError(`${input}: is ${kind}, not a regular file`);
        // O_NONBLOCK: should the file have been replaced by a FIFO since, opening does not wait for a writer.
        fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    } catch (e) {
        if (e instanceof InputError) throw e;
        const code = errorCode(e);
        throw new InputError(code === "ENOENT" ? `${input}: no such file` : `${input}: cannot be read (${code || "read error"})`);
    }
    try {
        const stats = fstatSync(fd);
        const kind = notRegular(stats) ?? (stats.isDirectory() ? "a directory" : undefined);
        if (kind !== undefined) throw new InputError(`${input}: is ${kind}, not a regular file`);
        if (stats.size > MAX_INPUT_BYTES) throw tooBig(input, `is ${(stats.size / 1024 / 1024).toFixed(0)} MiB`);
        // The file may grow while it is read: read up to one byte past the limit, no further.
        const chunks: Buffer[] = [];
        let total = 0;
        let chunk = Buffer.allocUnsafe(Math.min(Math.max(stats.size + 1, 64 * 1024), MAX_INPUT_BYTES + 1));
        for (;;) {
            if (total > MAX_INPUT_BYTES) throw tooBig(input, `grew past ${MAX_INPUT_MIB} MiB while it was read`);
            const n = readSync(fd, chunk, 0, Math.min(chunk.length, MAX_INPUT_BYTES + 1 - total), null);
            if (n === 0) break;
            chunks.push(chunk.subarray(0, n));
            total += n;
            if (n === chunk.length) chunk = Buffer.allocUnsafe(Math.min(chunk.length, MAX_INPUT_BYTES + 1));
            else chunk = chunk.subarray(n);
        }
        const [only] = chunks;
        return chunks.length === 1 && only !== undefined ? only : Buffer.concat(chunks, total);
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`${input}: cannot be read (${errorCode(e) || "read error"})`);
    } finally {
        closeSync(fd);
    }
}

/** Reads a stream whole, refusing it (and reading no further) once it passes `limit` bytes. */
export async function readStreamBounded(stream: Readable, input: string, limit = MAX_INPUT_BYTES): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let total = 0;
    return new Promise<Buffer>((resolvePromise, reject) => {
        const cleanup = () => {
            stream.off("data", onData);
            stream.off("end", onEnd);
            stream.off("error", onError);
        };
        const onData = (chunk: Buffer | string) => {
            const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
            total += bytes.length;
            if (total > limit) {
                cleanup();
                stream.pause();
                chunks.length = 0;
                reject(
                    new InputError(
                        `${input}: more than ${limit === MAX_INPUT_BYTES ? `${MAX_INPUT_MIB} MiB` : `${limit} bytes`}; plans over ${MAX_INPUT_MIB} MiB are refused`,
                    ),
                );
                return;
            }
            chunks.push(bytes);
        };
        const onEnd = () => {
            cleanup();
            resolvePromise(Buffer.concat(chunks, total));
        };
        const onError = (e: unknown) => {
            cleanup();
            reject(new InputError(`${input}: cannot be read (${errorCode(e) || "read error"})`));
        };
        stream.on("data", onData);
        stream.once("end", onEnd);
        stream.once("error", onError);
        stream.resume();
    });
}

/** Parts of a text to decode in place of all of it: byte ranges (start, end) of its UTF-8 bytes, and text set between them. */
export type TextParts = ReadonlyArray<readonly [start: number, end: number] | string>;

/**
 * Plan bytes checked as text: UTF-8 bytes (a byte order mark dropped) with how to decode them
 * (`latin1` when they are all ASCII, the same text, faster), or the text itself, decoded from
 * UTF-16 little- or big-endian, told by its byte order mark or, without one, by the zero bytes
 * around the first character (a JSON text starts with an ASCII character).
 */
export type PlanBody = Utf8Body | { readonly text: string };

/** UTF-8 bytes checked as such, and how to decode them: as Latin-1 when they are all ASCII (the same text, faster). */
export interface Utf8Body {
    readonly utf8: Buffer;
    readonly encoding: "latin1" | "utf8";
}

/** Plan bytes checked as text (see PlanBody); messages name `input`. */
export function planBody(bytes: Buffer, input: string): PlanBody {
    let encoding: "utf-8" | "utf-16le" | "utf-16be" = "utf-8";
    let start = 0;
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
    else if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) [encoding, start] = ["utf-16le", 2];
    else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) [encoding, start] = ["utf-16be", 2];
    else if (bytes.length >= 2 && bytes[0] !== 0 && bytes[1] === 0) encoding = "utf-16le";
    else if (bytes.length >= 2 && bytes[0] === 0 && bytes[1] !== 0) encoding = "utf-16be";
    const body = bytes.subarray(start);
    const chars = encoding === "utf-8" ? body.length : body.length / 2;
    if (chars > bufferConstants.MAX_STRING_LENGTH)
        throw tooBig(input, `is longer than the ${bufferConstants.MAX_STRING_LENGTH} characters a JavaScript string holds`);
    if (encoding === "utf-8") {
        // Checked by simdutf and converted without a second validation: several times faster than a
        // fatal TextDecoder on plans of hundreds of MiB. ASCII (most plans) is read as Latin-1, the same text.
        const ascii = isAscii(body);
        if (ascii || isUtf8(body)) return { utf8: body, encoding: ascii ? "latin1" : "utf8" };
        try {
            return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(body) };
        } catch {
            throw new InputError(
                `${input}: is not UTF-8 text (nor UTF-16 with a byte order mark); expected the output of \`terraform show -json <planfile>\``,
            );
        }
    }
    if (body.length % 2 !== 0) throw new InputError(`${input}: is not whole UTF-16 text (an odd number of bytes)`);
    // UTF-16BE as UTF-16LE with its byte pairs swapped (on a copy: the buffer may be the caller's).
    const le = encoding === "utf-16be" ? Buffer.from(body).swap16() : body;
    try {
        return { text: new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true }).decode(le) };
    } catch {
        throw new InputError(`${input}: is not valid UTF-16 text`);
    }
}

/**
 * The text of a plan body (see PlanBody); for UTF-8 bytes, given `parts` of them (see TextParts),
 * those parts decoded and joined instead of the whole.
 */
export function bodyText(body: PlanBody, parts?: TextParts): string {
    if ("text" in body) return body.text;
    const { utf8, encoding } = body;
    if (parts === undefined) return utf8.toString(encoding);
    // The parts start and end next to ASCII bytes, never inside a character.
    return parts.map((p) => (typeof p === "string" ? p : utf8.toString(encoding, p[0], p[1]))).join("");
}

/** Plan bytes as text (see PlanBody). */
export function decodePlanText(bytes: Buffer, input: string): string {
    return bodyText(planBody(bytes, input));
}

/** The bytes of a plan input checked as text: a file, or `-` (standard input, read by the command before the check). */
export function readPlanBody(input: string): PlanBody {
    if (input === STDIN_INPUT) {
        const stdin = context.getStore()?.stdin;
        if (stdin === undefined) throw new InputError(`${input}: standard input was not read`);
        return planBody(stdin, "standard input");
    }
    return planBody(readFileBounded(input), input);
}
