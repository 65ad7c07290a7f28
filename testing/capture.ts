// Captures what the Pulumi engine would send to a policy pack's Analyze RPC for a Pulumi
// TypeScript program, without the Pulumi CLI and without a cloud: the program runs under
// @pulumi/pulumi's mocks in a child node process (testing/capture-worker.ts), whose resource
// monitor records every RegisterResource request in its raw serialized form and turns it into
// the engine's view (see the worker for the engine rules it reproduces).
//
// This module is the parent side: it reads Pulumi.yaml and Pulumi.<stack>.yaml the way the CLI
// does, hands the resulting config to the program through PULUMI_CONFIG (as the nodejs language
// host does), spawns the worker with a TypeScript require hook, and validates what comes back.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { isRecord } from "../policies/wireValues";
import type { WireProps, WireProvider, WireResource, WireValue } from "./wire";

export interface CaptureOptions {
    /** Stack name; its config is read from Pulumi.<stack>.yaml. Defaults to "dev". */
    stack?: string;
    /** Run as `pulumi preview` (unknown outputs) rather than `pulumi up`. Defaults to true. */
    preview?: boolean;
}

export interface CapturedProgram {
    project: string;
    stack: string;
    /** The stack config as the language host hands it to the program (PULUMI_CONFIG). */
    config: Record<string, string>;
    /** Every registered resource, in the order the engine would call Analyze. */
    resources: WireResource[];
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

/** What the worker sends back over the IPC channel. */
export type CaptureReply = { ok: true; result: CapturedProgram } | { ok: false; error: string };

export const CAPTURE_JOB_ENV = "OBS_SSE_CAPTURE_JOB";

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
            const result: unknown = load(text, options);
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
    main?: string;
    /** Project-level config values (`config:` in Pulumi.yaml), already namespaced. */
    config: Record<string, string>;
}

function readYamlFile(file: string, schema: "core" | "failsafe"): unknown {
    const y = yaml();
    return y.load(readFileSync(file, "utf8"), {
        schema: schema === "core" ? y.CORE_SCHEMA : y.FAILSAFE_SCHEMA,
        filename: file,
    });
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

/**
 * The string the CLI hands the language host (and a default provider) for one config value:
 * a scalar's own text (the CLI unmarshals a scalar into a Go string, so `true` stays "true" and
 * `1.10` stays "1.10"), or an object/list marshalled with Go's encoding/json.
 */
function configValueString(key: string, failsafe: unknown, core: unknown, file: string): string {
    if (containsSecureValue(core)) {
        throw new Error(
            `${file}: ${key} is a secure value; the capture cannot decrypt it without the Pulumi CLI. ` +
            "Use plain (fake) values in test stacks and read them with config.requireSecret.",
        );
    }
    if (failsafe === null || failsafe === undefined) return "";
    if (typeof failsafe === "string") return failsafe;
    return goJsonMarshal(core);
}

export function readProject(programDir: string): ProjectFile {
    const file = path.join(programDir, "Pulumi.yaml");
    if (!existsSync(file)) throw new Error(`no Pulumi.yaml in ${programDir}`);
    const core = readYamlFile(file, "core");
    const failsafe = readYamlFile(file, "failsafe");
    if (!isRecord(core) || !isRecord(failsafe)) throw new Error(`${file}: expected a mapping`);
    const name = core["name"];
    if (typeof name !== "string" || name === "") throw new Error(`${file}: missing project name`);
    const main = core["main"];
    if (main !== undefined && typeof main !== "string") throw new Error(`${file}: main must be a string`);

    // Project-level config: `key: value`, `key: { value: v }` or a declaration `key: { default: v }`.
    const config: Record<string, string> = {};
    const coreConfig = core["config"];
    const failsafeConfig = failsafe["config"];
    if (isRecord(coreConfig) && isRecord(failsafeConfig)) {
        for (const [key, coreValue] of Object.entries(coreConfig)) {
            const fullKey = namespacedKey(key, name);
            const failsafeValue = failsafeConfig[key];
            if (isRecord(coreValue)) {
                const field = "value" in coreValue ? "value" : "default" in coreValue ? "default" : undefined;
                if (field === undefined) continue; // a type declaration without a value
                const fs = isRecord(failsafeValue) ? failsafeValue[field] : undefined;
                config[fullKey] = configValueString(fullKey, fs, coreValue[field], file);
            } else {
                config[fullKey] = configValueString(fullKey, failsafeValue, coreValue, file);
            }
        }
    }
    return { name, main, config };
}

/**
 * The config of one stack as the nodejs language host hands it to the program: the project's
 * config values overridden by Pulumi.<stack>.yaml, every value a string.
 */
export function readStackConfig(
    programDir: string,
    project: ProjectFile,
    stack: string,
): { config: Record<string, string>; secretKeys: string[] } {
    const config: Record<string, string> = { ...project.config };
    const file = path.join(programDir, `Pulumi.${stack}.yaml`);
    if (existsSync(file)) {
        const core = readYamlFile(file, "core");
        const failsafe = readYamlFile(file, "failsafe");
        if (core !== null && core !== undefined) {
            if (!isRecord(core) || !isRecord(failsafe)) throw new Error(`${file}: expected a mapping`);
            const coreConfig = core["config"];
            const failsafeConfig = failsafe["config"];
            if (coreConfig !== undefined && coreConfig !== null) {
                if (!isRecord(coreConfig) || !isRecord(failsafeConfig)) throw new Error(`${file}: config must be a mapping`);
                for (const [key, coreValue] of Object.entries(coreConfig)) {
                    const fullKey = namespacedKey(key, project.name);
                    config[fullKey] = configValueString(fullKey, failsafeConfig[key], coreValue, file);
                }
            }
        }
    }
    // Secure values are rejected above, so no key is secret.
    return { config, secretKeys: [] };
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
    return isRecord(value) &&
        typeof value["urn"] === "string" &&
        typeof value["type"] === "string" &&
        typeof value["name"] === "string" &&
        isWireProps(value["properties"]);
}

function isWireResource(value: unknown): value is WireResource {
    if (!isRecord(value)) return false;
    const { provider, parent, dependencies, propertyDependencies } = value;
    return isWireProvider(value) &&
        (provider === undefined || isWireProvider(provider)) &&
        (parent === undefined || typeof parent === "string") &&
        (dependencies === undefined || isStringArray(dependencies)) &&
        (propertyDependencies === undefined ||
            (isRecord(propertyDependencies) && Object.values(propertyDependencies).every(isStringArray)));
}

function isStringRecord(value: unknown): value is Record<string, string> {
    return isRecord(value) && Object.values(value).every((v) => typeof v === "string");
}

export function parseCaptureReply(message: unknown): CaptureReply {
    if (!isRecord(message)) throw new Error("capture worker sent a non-object message");
    if (message["ok"] === false && typeof message["error"] === "string") {
        return { ok: false, error: message["error"] };
    }
    const result = message["result"];
    if (message["ok"] !== true || !isRecord(result)) throw new Error("capture worker sent a malformed reply");
    const { project, stack, config, resources } = result;
    if (typeof project !== "string" || typeof stack !== "string" || !isStringRecord(config) ||
        !Array.isArray(resources)) {
        throw new Error("capture worker sent a malformed result");
    }
    const checked: WireResource[] = [];
    for (const r of resources) {
        if (!isWireResource(r)) throw new Error(`capture worker sent a malformed resource: ${JSON.stringify(r)}`);
        checked.push(r);
    }
    return { ok: true, result: { project, stack, config, resources: checked } };
}

// ---------------------------------------------------------------------------------------------
// The child process

/**
 * Runs in the child before anything else (node -e): installs a require hook that transpiles .ts
 * files with the installed typescript (transpile only, like PULUMI_NODEJS_TRANSPILE_ONLY=true),
 * honouring the program's tsconfig.json for the program's own files but always emitting
 * CommonJS, then starts the worker. Kept as plain JS because it must run before TS can load.
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
        noEmit: false, declaration: false, declarationMap: false, composite: false,
    };
}
const programOptions = compilerOptions(path.join(job.programDir, "tsconfig.json"));
const harnessOptions = compilerOptions(undefined);
const programRoot = job.programDir + path.sep;
Module._extensions[".ts"] = function (module, filename) {
    const options = filename.startsWith(programRoot) ? programOptions : harnessOptions;
    const output = ts.transpileModule(fs.readFileSync(filename, "utf8"), { fileName: filename, compilerOptions: options });
    module._compile(output.outputText, filename);
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
    throw new Error(`cannot find the typescript package from ${programDir}: install it in the program's project (npm install --save-dev typescript)`);
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
    const stack = opts.stack ?? "dev";
    const preview = opts.preview ?? true;
    const project = readProject(dir);
    const { config, secretKeys } = readStackConfig(dir, project, stack);
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
        worker: [".js", ".ts"].map((ext) => path.join(__dirname, `capture-worker${ext}`)).find((f) => existsSync(f)) ?? path.join(__dirname, "capture-worker.ts"),
    };

    const child = spawn(process.execPath, ["--enable-source-maps", "-e", BOOTSTRAP], {
        cwd: dir,
        env: childEnv(job),
        stdio: ["ignore", "pipe", "pipe", "ipc"],
    });
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => { output += chunk.toString("utf8"); });
    child.stderr?.on("data", (chunk: Buffer) => { output += chunk.toString("utf8"); });

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
    if (replyError !== undefined) throw new Error(`${context}: ${String(replyError)}\n${output}`);
    if (reply === undefined) {
        throw new Error(`${context}: worker exited (code ${code}, signal ${signal}) without a reply\n${output}`);
    }
    if (!reply.ok) throw new Error(`${context}: ${reply.error}\n${output}`);
    if (code !== 0) throw new Error(`${context}: worker exited with code ${code}\n${output}`);
    return reply.result;
}
