// The files of one Terraform module directory: every `*.tf` file, read bounded, decoded as UTF-8,
// parsed with the HCL parser. A syntax error is bad input (exit 2) named by file, line and
// column, never by the text around it. `*.tf.json` files and override files are not evaluated;
// the caller is told which, so it can say so.
import { readdirSync } from "node:fs";
import * as path from "node:path";
import { readFileBounded } from "../../input";
import { InputError } from "../../inputError";
import { firstSyntaxError, parseHcl, type HclNode } from "../hcl/parser";

export interface SourceFile {
    /** The path as findings name it: relative to the working directory, POSIX separators. */
    readonly shown: string;
    readonly root: HclNode;
}

export interface ModuleFiles {
    readonly files: SourceFile[];
    /** Files of the directory that are Terraform configuration but not read (`*.tf.json`, `*_override.tf`), as shown. */
    readonly unread: string[];
}

/** `file` relative to `cwd`, with POSIX separators (as SARIF and annotations want it). */
export function shownPath(file: string, cwd: string): string {
    const rel = path.relative(cwd, file);
    return (rel === "" ? "." : rel).split(path.sep).join("/");
}

function decode(bytes: Buffer, shown: string): string {
    const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    try {
        return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.subarray(start));
    } catch {
        throw new InputError(`${shown}: is not UTF-8 text`);
    }
}

/** Reads and parses an HCL file (a .tf or .tfvars file); `shown` names it in messages. */
export async function readHclFile(file: string, shown: string): Promise<HclNode> {
    const text = decode(readFileBounded(file), shown);
    const tree = await parseHcl(text);
    const error = firstSyntaxError(tree);
    if (error) throw new InputError(`${shown}:${error.line}:${error.column}: is not valid HCL (syntax error)`);
    return tree.rootNode;
}

/** Reads every `*.tf` file of a module directory, in lexical order (as Terraform loads them). */
export async function readModuleFiles(dir: string, cwd: string): Promise<ModuleFiles> {
    let names: string[];
    try {
        names = readdirSync(dir, { withFileTypes: true })
            .filter((e) => !e.isDirectory() && !e.name.startsWith(".") && /\.tf(\.json)?$/.test(e.name))
            .map((e) => e.name)
            .sort();
    } catch (e) {
        const code = typeof e === "object" && e !== null && "code" in e && typeof e.code === "string" ? e.code : "read error";
        throw new InputError(`${shownPath(dir, cwd)}: the module directory cannot be read (${code})`);
    }
    const files: SourceFile[] = [];
    const unread: string[] = [];
    for (const name of names) {
        const file = path.join(dir, name);
        const shown = shownPath(file, cwd);
        // Override files change other files' blocks; JSON syntax needs its own expression reading.
        if (name.endsWith(".tf.json") || name === "override.tf" || name.endsWith("_override.tf")) {
            unread.push(shown);
            continue;
        }
        files.push({ shown, root: await readHclFile(file, shown) });
    }
    return { files, unread };
}
