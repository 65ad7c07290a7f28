// Captures what the Pulumi engine would send to a policy pack's Analyze RPC for a Pulumi
// TypeScript program, without the Pulumi CLI and without a cloud: the program runs under
// @pulumi/pulumi's mocks in a child node process (engine/capture-worker.ts), whose resource
// monitor records every RegisterResource request in its raw serialized form and turns it into
// the engine's view (see the worker for the engine rules it reproduces).
//
// This module is the parent side: it reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI
// does, hands the resulting config to the program through PULUMI_CONFIG (as the nodejs language
// host does), spawns the worker with a TypeScript require hook, and validates what comes back.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import type { SourceLocation } from "../policies/finding";
import { isRecord } from "../policies/wireValues";
import { UNKNOWN, type WireProps, type WireProvider, type WireResource, type WireValue } from "./wire";

export interface CaptureOptions {
    /**
     * Stack name; its config is read from Pulumi.<stack>.yaml if that file exists. Without it:
     * the program's only Pulumi.<stack>.yaml, or no stack config (stack "dev") when there is none;
     * several stack files are an error (StackSelectionError) that asks for a stack name.
     */
    stack?: string | undefined;
    /** Run as `pulumi preview` (unknown outputs) rather than `pulumi up`. Defaults to true. */
    preview?: boolean;
}

export interface CapturedProgram {
    project: string;
    stack: string;
    /** The stack config file read (its file name, e.g. "Pulumi.prod.yaml"), or undefined if none was. */
    stackConfigFile?: string;
    /** The stack config as the language host hands it to the program (PULUMI_CONFIG). */
    config: Record<string, string>;
    /** Every registered resource, in the order the engine would call Analyze. */
    resources: WireResource[];
    /**
     * Where the program constructs each resource (file relative to the program directory, 1-based
     * line and column), by URN, where the SDK's stack trace shows a frame of the program. Kept
     * beside the resources: the analyzer protocol has no field for it.
     */
    locations?: Record<string, SourceLocation>;
}

/** What the parent sends the worker (JSON in the OBS_SSE_CAPTURE_JOB environment variable). */
export interface CaptureJob {
    programDir: string;
    /** Absolute path of the module to require as the program (directory or file). */
    entry: string;
    project: string;
    stack: string;
    preview: boolean;
    config: Record<string, string>;
    secretKeys: string[];
    /** Absolute path of the typescript module used by the require hook. */
    typescript: string;
    /** Absolute path of capture-worker.ts. */
    worker: string;
}

/** How a program failed, as the worker reports it. */
export interface ProgramFailure {
    /** The error's text and stack, as thrown (may carry config values: never shown by obs-sse-check). */
    error: string;
    /** The class name of what was thrown ("Error", "TypeError", "ConfigMissingError"...). */
    errorName: string;
    /** Where it was thrown in the program's own files: "index.ts:12", relative to the program directory. */
    location?: string;
    /** For ConfigMissingError: the missing config key (a name, not a value). */
    configKey?: string;
}

/** What the worker sends back over the IPC channel. */
export type CaptureReply = { ok: true; result: CapturedProgram } | ({ ok: false } & ProgramFailure);

/**
 * The program directory or its Pulumi files cannot be captured as they are (bad YAML, an
 * unsupported runtime, no @pulumi/pulumi installed...). The message names the file and what is
 * wrong, never the file's content, so a command can show it as it is.
 */
export class ProgramInputError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ProgramInputError";
    }
}

/** Pulumi.yaml names a runtime other than nodejs: only TypeScript/JavaScript programs can be captured. */
export class UnsupportedRuntimeError extends ProgramInputError {
    constructor(
        readonly projectFile: string,
        readonly runtime: string,
    ) {
        super(`${projectFile}: the program's runtime is ${runtime}; only nodejs (TypeScript/JavaScript) programs can be captured`);
        this.name = "UnsupportedRuntimeError";
    }
}

/** The stack to read cannot be chosen: its Pulumi.<stack>.yaml is missing, or several exist and none was named. */
export class StackSelectionError extends ProgramInputError {
    constructor(
        readonly programDir: string,
        /** The requested stack, if one was. */
        readonly requested: string | undefined,
        /** The Pulumi.<stack>.yaml files the program has. */
        readonly stackFiles: readonly string[],
    ) {
        super(
            requested !== undefined
                ? `${programDir}: no Pulumi.${requested}.yaml (stack files present: ${stackFiles.length > 0 ? stackFiles.join(", ") : "none"})`
                : `${programDir}: several stack config files (${stackFiles.join(", ")}); name the stack to read`,
        );
        this.name = "StackSelectionError";
    }
}

/** The program ran and threw (or its worker died). `message` carries the program's own text; the fields do not. */
export class ProgramFailedError extends Error {
    constructor(
        message: string,
        readonly failure: Omit<ProgramFailure, "error">,
        readonly output: string,
    ) {
        super(message);
        this.name = "ProgramFailedError";
    }
}

export const CAPTURE_JOB_ENV = "OBS_SSE_CAPTURE_JOB";
/** A directory for the capture worker's own modules, transpiled, when it runs from TypeScript sources (see BOOTSTRAP). */
export const TRANSPILE_CACHE_ENV = "OBS_SSE_CAPTURE_TRANSPILE_CACHE";

// ---------------------------------------------------------------------------------------------
// YAML (js-yaml is a dependency of this module; it has no bundled types, so it is narrowed here)

interface YamlModule {
    load(text: string, options: { schema: object; filename: string }): unknown;
    CORE_SCHEMA: object;
    FAILSAFE_SCHEMA: object;
}

function loadYamlModule(): YamlModule {
    const mod: unknown = createRequire(__filename)("js-yaml");
    if (!isRecord(mod)) throw new Error("js-yaml did not load as a module object");
    const { load, CORE_SCHEMA, FAILSAFE_SCHEMA } = mod;
    if (typeof load !== "function" || !isRecord(CORE_SCHEMA) || !isRecord(FAILSAFE_SCHEMA)) {
        throw new Error("js-yaml does not expose load/CORE_SCHEMA/FAILSAFE_SCHEMA");
    }
    return {
        load: (text, options) => {
            const result: unknown = (load as YamlModule["load"])(text, options);
            return result;
        },
        CORE_SCHEMA,
        FAILSAFE_SCHEMA,
    };
}

let yamlModule: YamlModule | undefined;
function yaml(): YamlModule {
    yamlModule ??= loadYamlModule();
    return yamlModule;
}

// ---------------------------------------------------------------------------------------------
// Go's encoding/json, which the CLI uses to turn object config values into strings

/**
 * Marshals a value the way Go's `json.Marshal` does for the `interface{}` trees the CLI builds
 * from YAML config: compact, map keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped.
 */
export function goJsonMarshal(value: unknown): string {
    if (value === null || value === undefined) return "null";
    if (typeof value === "boolean") return value ? "true" : "false";
    if (typeof value === "number") {
        if (!Number.isFinite(value)) throw new Error(`cannot marshal ${value} as JSON`);
        return JSON.stringify(value);
    }
    if (typeof value === "string") {
        return JSON.stringify(value)
            .replace(/</g, "\\u003c")
            .replace(/>/g, "\\u003e")
            .replace(/&/g, "\\u0026")
            .replace(/\u2028/g, "\\u2028")
            .replace(/\u2029/g, "\\u2029");
    }
    if (Array.isArray(value)) return `[${value.map((v: unknown) => goJsonMarshal(v)).join(",")}]`;
    if (isRecord(value)) {
        const keys = Object.keys(value).sort(compareBytes);
        return `{${keys.map((k) => `${goJsonMarshal(k)}:${goJsonMarshal(value[k])}`).join(",")}}`;
    }
    throw new Error(`cannot marshal a ${typeof value} as JSON`);
}

/** Byte-wise (UTF-8) string order, as Go's sort.Strings. */
function compareBytes(a: string, b: string): number {
    return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

// ---------------------------------------------------------------------------------------------
// Pulumi.yaml and Pulumi.<stack>.yaml

export interface ProjectFile {
    name: string;
    /** The `main` entry point, if Pulumi.yaml sets one. */
    main?: string | undefined;
    /** Project-level config values (`config:` in Pulumi.yaml), already namespaced. */
    config: Record<string, string>;
    /** The keys of `config` whose values are secure (secret). */
    secretKeys: string[];
}

/** The line and column (1-based) of a js-yaml error, from its `mark`; undefined for anything else. */
function yamlErrorPosition(err: unknown): { line: number; column: number } | undefined {
    if (!(err instanceof Error) || err.name !== "YAMLException" || !("mark" in err)) return undefined;
    const mark: unknown = err.mark;
    if (!isRecord(mark) || typeof mark["line"] !== "number" || typeof mark["column"] !== "number") return undefined;
    return { line: mark["line"] + 1, column: mark["column"] + 1 };
}

/** How a file is named in messages: relative to the working directory, as the user typed it. */
function shownPath(file: string): string {
    return path.relative(process.cwd(), file) || file;
}

function readYamlFile(file: string, schema: "core" | "failsafe"): unknown {
    const y = yaml();
    try {
        return y.load(readFileSync(file, "utf8"), {
            schema: schema === "core" ? y.CORE_SCHEMA : y.FAILSAFE_SCHEMA,
            filename: file,
        });
    } catch (err) {
        // js-yaml's message quotes the lines around the error, which may hold credentials:
        // only the position is shown.
        const at = yamlErrorPosition(err);
        if (at !== undefined) throw new ProgramInputError(`${shownPath(file)}: not valid YAML (line ${at.line}, column ${at.column})`);
        const code = isRecord(err) && typeof err["code"] === "string" ? err["code"] : err instanceof Error ? err.name : typeof err;
        throw new ProgramInputError(`${shownPath(file)}: cannot be read (${code})`);
    }
}

/** Puts a bare config key in the project's namespace, as the CLI does. */
function namespacedKey(key: string, project: string): string {
    return key.includes(":") ? key : `${project}:${key}`;
}

function isSecureValue(value: unknown): boolean {
    return isRecord(value) && Object.keys(value).length === 1 && typeof value["secure"] === "string";
}

function containsSecureValue(value: unknown): boolean {
    if (isSecureValue(value)) return true;
    if (Array.isArray(value)) return value.some(containsSecureValue);
    if (isRecord(value)) return Object.values(value).some(containsSecureValue);
    return false;
}

/** `value` with every `secure:` leaf replaced by the unknown string sentinel. */
function withSecureValuesUnknown(value: unknown): unknown {
    if (isSecureValue(value)) return UNKNOWN.string;
    if (Array.isArray(value)) return value.map(withSecureValuesUnknown);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withSecureValuesUnknown(v)]));
    return value;
}

/** One config value as the language host gets it, and whether it is secret. */
interface ConfigValue {
    value: string;
    secret: boolean;
}

/**
 * The string the CLI hands the language host (and a default provider) for one config value:
 * a scalar's own text (the CLI unmarshals a scalar into a Go string, so `true` stays "true" and
 * `1.10` stays "1.10"), or an object/list marshalled with Go's encoding/json.
 *
 * A `secure:` value (or an object holding one) is secret. The capture cannot decrypt it without
 * the Pulumi CLI, so its text is the engine's unknown sentinel: the pack judges it as a value it
 * cannot read (as unknown, inside a secret), never as a guessed one.
 */
function configValue(failsafe: unknown, core: unknown): ConfigValue {
    if (containsSecureValue(core)) {
        const replaced = withSecureValuesUnknown(core);
        return { value: typeof replaced === "string" ? replaced : goJsonMarshal(replaced), secret: true };
    }
    if (failsafe === null || failsafe === undefined) return { value: "", secret: false };
    if (typeof failsafe === "string") return { value: failsafe, secret: false };
    return { value: goJsonMarshal(core), secret: false };
}

/** The runtimes Pulumi.yaml may name, shown by name; anything else is described, not quoted. */
const KNOWN_RUNTIMES = new Set(["nodejs", "python", "go", "dotnet", "java", "yaml"]);

function readRuntime(core: Record<string, unknown>, file: string): string {
    const runtime = core["runtime"];
    const name = isRecord(runtime) ? runtime["name"] : runtime;
    if (name === undefined) throw new ProgramInputError(`${shownPath(file)}: runtime is missing (expected runtime: nodejs)`);
    if (typeof name !== "string")
        throw new ProgramInputError(
            `${shownPath(file)}: runtime must be a string or a mapping with a name, got ${Array.isArray(name) ? "a list" : name === null ? "null" : `a ${typeof name}`}`,
        );
    return name;
}

export function readProject(programDir: string): ProjectFile {
    const file = path.join(programDir, "Pulumi.yaml");
    if (!existsSync(file)) throw new ProgramInputError(`${shownPath(programDir)}: no Pulumi.yaml`);
    const core = readYamlFile(file, "core");
    const failsafe = readYamlFile(file, "failsafe");
    if (!isRecord(core) || !isRecord(failsafe)) throw new ProgramInputError(`${shownPath(file)}: expected a mapping`);
    const runtime = readRuntime(core, file);
    if (runtime !== "nodejs") {
        throw new UnsupportedRuntimeError(
            shownPath(file),
            KNOWN_RUNTIMES.has(runtime) ? runtime : `not one Pulumi knows (${runtime.length} characters)`,
        );
    }
    const name = core["name"];
    if (typeof name !== "string" || name === "") throw new ProgramInputError(`${shownPath(file)}: missing project name`);
    const main = core["main"];
    if (main !== undefined && typeof main !== "string") throw new ProgramInputError(`${shownPath(file)}: main must be a string`);

    // Project-level config: `key: value`, `key: { value: v }` or a declaration `key: { default: v }`.
    const config: Record<string, string> = {};
    const secretKeys: string[] = [];
    const coreConfig = core["config"];
    const failsafeConfig = failsafe["config"];
    if (isRecord(coreConfig) && isRecord(failsafeConfig)) {
        for (const [key, coreValue] of Object.entries(coreConfig)) {
            const fullKey = namespacedKey(key, name);
            const failsafeValue = failsafeConfig[key];
            let read: ConfigValue;
            if (isRecord(coreValue) && !isSecureValue(coreValue)) {
                const field = "value" in coreValue ? "value" : "default" in coreValue ? "default" : undefined;
                if (field === undefined) continue; // a type declaration without a value
                const fs = isRecord(failsafeValue) ? failsafeValue[field] : undefined;
                read = configValue(fs, coreValue[field]);
            } else {
                read = configValue(failsafeValue, coreValue);
            }
            config[fullKey] = read.value;
            if (read.secret) secretKeys.push(fullKey);
        }
    }
    return { name, main, config, secretKeys };
}

/** The stack config files of a program directory (Pulumi.<stack>.yaml), sorted. */
export function listStackFiles(programDir: string): string[] {
    return readdirSync(programDir)
        .filter((f) => /^Pulumi\..+\.yaml$/.test(f) && f !== "Pulumi.yaml")
        .sort();
}

/** The stack name a stack file is for ("Pulumi.prod.yaml" -> "prod"). */
function stackOfFile(file: string): string {
    return file.slice("Pulumi.".length, -".yaml".length);
}

/** Which stack is read, and from which file (undefined: no stack config). */
export interface StackSelection {
    stack: string;
    configFile: string | undefined;
}

/** The stack used when a program has no stack config file and none was named. */
export const DEFAULT_STACK = "dev";

/**
 * Chooses the stack of a program as obs-sse-check and captureProgram do: the named one (whose
 * Pulumi.<stack>.yaml must exist if `requireFile`), else the only stack file, else none.
 */
export function selectStack(
    programDir: string,
    requested: string | undefined,
    options: { requireFile?: boolean | undefined } = {},
): StackSelection {
    const files = listStackFiles(programDir);
    if (requested !== undefined) {
        // A fully qualified name (org/project/stack) has its config in Pulumi.<stack>.yaml.
        const parts = requested.split("/");
        const stack = parts[parts.length - 1] ?? "";
        if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9_.-]+$/.test(p) || p === "." || p === "..")) {
            throw new ProgramInputError(
                `stack name must be letters, digits, "-", "_" or "." (as org/project/stack at most), got ${requested.length} characters`,
            );
        }
        const file = `Pulumi.${stack}.yaml`;
        if (files.includes(file)) return { stack, configFile: file };
        if (options.requireFile === true) throw new StackSelectionError(shownPath(programDir), stack, files);
        return { stack, configFile: undefined };
    }
    const only = files.length === 1 ? files[0] : undefined;
    if (only !== undefined) return { stack: stackOfFile(only), configFile: only };
    if (files.length > 1) throw new StackSelectionError(shownPath(programDir), undefined, files);
    return { stack: DEFAULT_STACK, configFile: undefined };
}

/**
 * The config of one stack as the nodejs language host hands it to the program: the project's
 * config values overridden by the stack config file (if any), every value a string.
 */
export function readStackConfig(
    programDir: string,
    project: ProjectFile,
    stackOrSelection: string | StackSelection,
): { config: Record<string, string>; secretKeys: string[] } {
    const config: Record<string, string> = { ...project.config };
    const secretKeys = new Set(project.secretKeys);
    const configFile =
        typeof stackOrSelection === "string"
            ? existsSync(path.join(programDir, `Pulumi.${stackOrSelection}.yaml`))
                ? `Pulumi.${stackOrSelection}.yaml`
                : undefined
            : stackOrSelection.configFile;
    if (configFile !== undefined) {
        const file = path.join(programDir, configFile);
        const core = readYamlFile(file, "core");
        const failsafe = readYamlFile(file, "failsafe");
        if (core !== null && core !== undefined) {
            if (!isRecord(core) || !isRecord(failsafe)) throw new ProgramInputError(`${shownPath(file)}: expected a mapping`);
            const coreConfig = core["config"];
            const failsafeConfig = failsafe["config"];
            if (coreConfig !== undefined && coreConfig !== null) {
                if (!isRecord(coreConfig) || !isRecord(failsafeConfig))
                    throw new ProgramInputError(`${shownPath(file)}: config must be a mapping`);
                for (const [key, coreValue] of Object.entries(coreConfig)) {
                    const fullKey = namespacedKey(key, project.name);
                    const read = configValue(failsafeConfig[key], coreValue);
                    config[fullKey] = read.value;
                    if (read.secret) secretKeys.add(fullKey);
                    else secretKeys.delete(fullKey);
                }
            }
        }
    }
    return { config, secretKeys: [...secretKeys].sort() };
}

// ---------------------------------------------------------------------------------------------
// Validation of the worker's reply

function isWireValue(value: unknown): value is WireValue {
    if (value === null || typeof value === "string" || typeof value === "boolean") return true;
    if (typeof value === "number") return Number.isFinite(value);
    if (Array.isArray(value)) return value.every(isWireValue);
    if (isRecord(value)) return Object.values(value).every(isWireValue);
    return false;
}

function isWireProps(value: unknown): value is WireProps {
    return isRecord(value) && Object.values(value).every(isWireValue);
}

function isStringArray(value: unknown): value is string[] {
    return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isWireProvider(value: unknown): value is WireProvider {
    return (
        isRecord(value) &&
        typeof value["urn"] === "string" &&
        typeof value["type"] === "string" &&
        typeof value["name"] === "string" &&
        isWireProps(value["properties"])
    );
}

function isWireResource(value: unknown): value is WireResource {
    if (!isRecord(value)) return false;
    const { provider, parent, dependencies, propertyDependencies } = value;
    return (
        isWireProvider(value) &&
        (provider === undefined || isWireProvider(provider)) &&
        (parent === undefined || typeof parent === "string") &&
        (dependencies === undefined || isStringArray(dependencies)) &&
        (propertyDependencies === undefined || (isRecord(propertyDependencies) && Object.values(propertyDependencies).every(isStringArray)))
    );
}

function isStringRecord(value: unknown): value is Record<string, string> {
    return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

function isSourceLocation(value: unknown): value is SourceLocation {
    if (!isRecord(value)) return false;
    const { file, line, column } = value;
    return (
        typeof file === "string" &&
        file !== "" &&
        !path.isAbsolute(file) &&
        !file.split("/").includes("..") &&
        Number.isInteger(line) &&
        (line as number) >= 1 &&
        Number.isInteger(column) &&
        (column as number) >= 1
    );
}

export function parseCaptureReply(message: unknown): CaptureReply {
    if (!isRecord(message)) throw new Error("capture worker sent a non-object message");
    if (message["ok"] === false) {
        const { error, errorName, location, configKey } = message;
        if (
            typeof error !== "string" ||
            typeof errorName !== "string" ||
            (location !== undefined && typeof location !== "string") ||
            (configKey !== undefined && typeof configKey !== "string")
        ) {
            throw new Error("capture worker sent a malformed failure");
        }
        return {
            ok: false,
            error,
            errorName,
            ...(location !== undefined ? { location } : {}),
            ...(configKey !== undefined ? { configKey } : {}),
        };
    }
    const result = message["result"];
    if (message["ok"] !== true || !isRecord(result)) throw new Error("capture worker sent a malformed reply");
    const { project, stack, config, resources } = result;
    if (typeof project !== "string" || typeof stack !== "string" || !isStringRecord(config) || !Array.isArray(resources)) {
        throw new Error("capture worker sent a malformed result");
    }
    const checked: WireResource[] = [];
    for (const [i, r] of resources.entries()) {
        if (!isWireResource(r)) throw new Error(`capture worker sent a malformed resource (#${i})`);
        checked.push(r);
    }
    const locations = Object.create(null) as Record<string, SourceLocation>;
    const sent = result["locations"];
    if (sent !== undefined) {
        if (!isRecord(sent)) throw new Error("capture worker sent malformed locations");
        for (const [urn, l] of Object.entries(sent)) {
            if (!isSourceLocation(l)) throw new Error("capture worker sent a malformed location");
            locations[urn] = { file: l.file, line: l.line, column: l.column };
        }
    }
    return { ok: true, result: { project, stack, config, resources: checked, locations } };
}

// ---------------------------------------------------------------------------------------------
// The child process

/**
 * Runs in the child before anything else (node -e): installs a require hook that transpiles .ts
 * files with the installed typescript (transpile only, like PULUMI_NODEJS_TRANSPILE_ONLY=true),
 * honouring the program's tsconfig.json for the program's own files but always emitting
 * CommonJS, then starts the worker. Kept as plain JS because it must run before TS can load.
 *
 * Run from this package's TypeScript sources (its tests), the worker and the modules it imports
 * are .ts too: with OBS_SSE_CAPTURE_TRANSPILE_CACHE naming a directory, their transpiled text is
 * kept there by file name and content, so that the captures of a test run transpile them once.
 * The program's own files are always transpiled afresh.
 */
const BOOTSTRAP = String.raw`
"use strict";
const fs = require("fs");
const path = require("path");
const Module = require("module");
const job = JSON.parse(process.env.${CAPTURE_JOB_ENV});
const ts = require(job.typescript);
function compilerOptions(tsconfig) {
    let options = { target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    if (tsconfig !== undefined && fs.existsSync(tsconfig)) {
        const read = ts.readConfigFile(tsconfig, ts.sys.readFile);
        if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
        options = { ...options, ...ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig)).options };
    }
    return {
        ...options,
        module: ts.ModuleKind.CommonJS,
        sourceMap: false, inlineSourceMap: true, inlineSources: true,
        // The map's sources relative to the file itself (an outDir would make them "../index.ts"),
        // so that stack traces name the program's own file.
        outDir: undefined, rootDir: undefined, sourceRoot: undefined, mapRoot: undefined,
        noEmit: false, declaration: false, declarationMap: false, composite: false,
    };
}
const programOptions = compilerOptions(path.join(job.programDir, "tsconfig.json"));
const harnessOptions = compilerOptions(undefined);
const programRoot = job.programDir + path.sep;
const harnessCache = process.env.${TRANSPILE_CACHE_ENV};
function transpile(filename, source, options) {
    return ts.transpileModule(source, { fileName: filename, compilerOptions: options }).outputText;
}
function transpileHarness(filename, source) {
    if (!harnessCache) return transpile(filename, source, harnessOptions);
    const key = require("crypto").createHash("sha256").update(ts.version + "\0" + filename + "\0" + source).digest("hex");
    const cached = path.join(harnessCache, key + ".js");
    try {
        return fs.readFileSync(cached, "utf8");
    } catch {
        // not transpiled yet
    }
    const text = transpile(filename, source, harnessOptions);
    try {
        fs.writeFileSync(cached + "." + process.pid, text);
        fs.renameSync(cached + "." + process.pid, cached);
    } catch {
        // a cache that cannot be written only costs time
    }
    return text;
}
Module._extensions[".ts"] = function (module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    module._compile(filename.startsWith(programRoot) ? transpile(filename, source, programOptions) : transpileHarness(filename, source), filename);
};
require(job.worker).runCaptureWorker();
`;

/** Resolves the program's entry point like the nodejs language host (Pulumi.yaml main, else the directory). */
function programEntry(programDir: string, project: ProjectFile): string {
    if (project.main !== undefined) return path.resolve(programDir, project.main);
    return programDir + path.sep;
}

/**
 * The typescript used to transpile the program: the program's own (a Pulumi TypeScript project
 * has it), else one this module can resolve. This package does not depend on it, so that the
 * policy pack installs without it.
 */
function resolveTypeScript(programDir: string): string {
    for (const from of [path.join(programDir, "package.json"), __filename]) {
        try {
            return createRequire(from).resolve("typescript");
        } catch {
            // try the next place
        }
    }
    throw new Error(
        `cannot find the typescript package from ${programDir}: install it in the program's project (npm install --save-dev typescript)`,
    );
}

/** The child's environment: ours, minus anything that would steer the Pulumi runtime or the AWS provider. */
function childEnv(job: CaptureJob): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) {
        if (k.startsWith("PULUMI_") || k.startsWith("AWS_") || k === "NODE_OPTIONS") continue;
        env[k] = v;
    }
    env["PULUMI_CONFIG"] = JSON.stringify(job.config);
    env["PULUMI_CONFIG_SECRET_KEYS"] = JSON.stringify(job.secretKeys);
    env["PULUMI_NODEJS_PROJECT"] = job.project;
    env["PULUMI_NODEJS_STACK"] = job.stack;
    env["PULUMI_NODEJS_DRY_RUN"] = job.preview ? "true" : "false";
    env[CAPTURE_JOB_ENV] = JSON.stringify(job);
    return env;
}

/**
 * Runs the Pulumi TypeScript program in `programDir` under mocks and returns every resource it
 * registers, as the engine would hand it to Analyze (inputs, provider attached, default provider
 * built from stack config).
 */
export async function captureProgram(programDir: string, opts: CaptureOptions = {}): Promise<CapturedProgram> {
    const dir = path.resolve(programDir);
    const preview = opts.preview ?? true;
    const { project, selection } = readProgram(dir, opts.stack);
    const { stack } = selection;
    const { config, secretKeys } = readStackConfig(dir, project, selection);
    const job: CaptureJob = {
        programDir: dir,
        entry: programEntry(dir, project),
        project: project.name,
        stack,
        preview,
        config,
        secretKeys,
        typescript: resolveTypeScript(dir),
        // Compiled (bin/) the worker is JavaScript; from the sources it is TypeScript, for the hook.
        worker:
            [".js", ".ts"].map((ext) => path.join(__dirname, `capture-worker${ext}`)).find((f) => existsSync(f)) ??
            path.join(__dirname, "capture-worker.ts"),
    };

    const child = spawn(process.execPath, ["--enable-source-maps", "-e", BOOTSTRAP], {
        cwd: dir,
        env: childEnv(job),
        stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
    });
    child.stderr?.on("data", (chunk: Buffer) => {
        output += chunk.toString("utf8");
    });

    let reply: CaptureReply | undefined;
    let replyError: unknown;
    child.on("message", (message: unknown) => {
        try {
            reply = parseCaptureReply(message);
        } catch (err) {
            replyError = err;
        }
    });
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (c: number | null, s: NodeJS.Signals | null) => resolve([c, s]));
    });

    const context = `capturing ${dir} (stack ${stack}, ${preview ? "preview" : "update"})`;
    if (replyError !== undefined) {
        throw new ProgramFailedError(
            `${context}: ${replyError instanceof Error ? replyError.message : typeof replyError}\n${output}`,
            { errorName: "a malformed capture reply" },
            output,
        );
    }
    if (reply === undefined) {
        throw new ProgramFailedError(
            `${context}: worker exited (code ${code}, signal ${signal}) without a reply\n${output}`,
            { errorName: signal !== null ? `killed by ${signal}` : `exit code ${code}` },
            output,
        );
    }
    if (!reply.ok) {
        const failure: Omit<ProgramFailure, "error"> = {
            errorName: reply.errorName,
            ...(reply.location !== undefined ? { location: reply.location } : {}),
            ...(reply.configKey !== undefined ? { configKey: reply.configKey } : {}),
        };
        throw new ProgramFailedError(`${context}: ${reply.error}\n${output}`, failure, output);
    }
    if (code !== 0)
        throw new ProgramFailedError(`${context}: worker exited with code ${code}\n${output}`, { errorName: `exit code ${code}` }, output);
    return { ...reply.result, ...(selection.configFile !== undefined ? { stackConfigFile: selection.configFile } : {}) };
}

/**
 * Reads what a capture needs before anything runs: Pulumi.yaml (a nodejs program), that the
 * program can load @pulumi/pulumi, and which stack to read. Throws ProgramInputError (with a
 * message that names the file and never quotes it) for anything a user must fix.
 */
export function readProgram(
    programDir: string,
    stack: string | undefined,
    options: { requireStackFile?: boolean } = {},
): { project: ProjectFile; selection: StackSelection } {
    const dir = path.resolve(programDir);
    const project = readProject(dir);
    try {
        createRequire(path.join(dir, "package.json")).resolve("@pulumi/pulumi");
    } catch {
        throw new ProgramInputError(
            `${shownPath(dir)}: @pulumi/pulumi cannot be found from the program; run npm install in ${shownPath(dir)}`,
        );
    }
    const selection = selectStack(dir, stack, { requireFile: options.requireStackFile });
    // Parsed here too, so that a broken stack file is refused before any pack process starts.
    readStackConfig(dir, project, selection);
    return { project, selection };
}
