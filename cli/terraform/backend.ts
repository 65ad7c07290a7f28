// Terraform's S3 state backend (`terraform { backend "s3" { ... } }`) judged like an object written
// and read through its endpoint with its encryption: every apply PUTs the state, every plan GETs it.
// The backend's arguments are read from where Terraform takes them:
// - the `backend "s3"` block of the directory's .tf (and .tf.json) files. Terraform allows only
//   literal values there ("Variables may not be used here"): anything else is reported, never evaluated;
// - `.terraform/terraform.tfstate`, which `terraform init` writes with the configuration it used
//   (the block merged with init's -backend-config), and the Terraform version that wrote it;
// - `--backend-config FILE` (HCL `key = value`) and `--backend-config KEY=VALUE`, as init takes them.
// Later sources override earlier ones per argument: the init state, then the block, then each
// --backend-config in order (the init state fills in what the block leaves to init's options).
//
// Credentials (access_key, secret_key, token) are never read; sse_customer_key (and the presence of
// AWS_SSE_CUSTOMER_KEY in the environment) is read only as "set", wrapped in the core's Sensitive.
//
// The reading is one provider (the backend's connection: endpoint, insecure, path style) and one
// resource (the state object: encrypt, kms_key_id, sse_customer_key), both with the subject
// `backend.s3`, judged by the core's rules through checkReading; see policies/terraformBackend.ts
// and docs/terraform-backend.md for what each Terraform version does with them.
import * as fs from "node:fs";
import * as path from "node:path";
import type { SourceLocation } from "../../policies/finding";
import { printable } from "../../policies/printable";
import { policies } from "../../policies/registry";
import { BACKEND_PROVIDER_TYPE, BACKEND_STATE_TYPE, backendClientOf } from "../../policies/terraformBackend";
import { Sensitive, UNKNOWN_VALUE } from "../../policies/values";
import type { CheckConfig } from "../config";
import { InputError } from "../inputError";
import { MAX_INPUT_BYTES } from "../limits";
import type { Finding, InputReport } from "../report";
import { checkReading } from "./check";
import { firstSyntaxError, parseHcl, type HclNode } from "./hcl/parser";
import type { PlanReading, PulumiProvider, PulumiResource } from "./resources";

/** The subject of every finding about the backend. */
export const BACKEND_SUBJECT = "backend.s3";
const BACKEND_TYPE_SHOWN = 'backend "s3"';

/** The arguments of the backend the checks read; nothing else is kept (credentials above all). */
const READ_ARGS = [
    "endpoint",
    "endpoints",
    "encrypt",
    "kms_key_id",
    "sse_customer_key",
    "insecure",
    "use_path_style",
    "force_path_style",
    "region",
] as const;
type ReadArg = (typeof READ_ARGS)[number];
const SENSITIVE_ARGS: ReadonlySet<string> = new Set(["sse_customer_key"]);
const BOOLEAN_ARGS: ReadonlySet<string> = new Set(["encrypt", "insecure", "use_path_style", "force_path_style"]);

/** A value as the backend configuration gives it: a literal, or something Terraform does not allow there. */
type ArgValue =
    | { readonly kind: "literal"; readonly value: string | boolean | number | Readonly<Record<string, unknown>> | Sensitive }
    | { readonly kind: "not-literal"; readonly why: string };

/** Where an argument's value came from, for messages and locations. */
interface ArgOrigin {
    /** "main.tf:12", "--backend-config prod.hcl", ".terraform/terraform.tfstate". */
    readonly shown: string;
    readonly location?: SourceLocation;
}

interface Arg {
    readonly value: ArgValue;
    readonly origin: ArgOrigin;
}

/** The backend configuration as read, before it is judged. */
export interface BackendConfig {
    readonly args: ReadonlyMap<ReadArg, Arg>;
    /** The Terraform version that wrote .terraform/terraform.tfstate, when it was read. */
    readonly terraformVersion?: string;
    /** Where the backend block is written, when it is. */
    readonly block?: SourceLocation;
    /** What was read, in order ("main.tf", ".terraform/terraform.tfstate (Terraform 1.11.0)", "--backend-config prod.hcl"). */
    readonly sources: readonly string[];
    /** Arguments of the block that Terraform would refuse or warn about, for advisories. */
    readonly conflicts: readonly string[];
}

export interface BackendReading {
    /** One provider and one resource, both `backend.s3`: pass to checkReading (alone, or merged into a directory's reading). */
    readonly reading: PlanReading;
    /** Facts about the backend the core's rules do not state (arguments ignored, not literal, conflicting), as findings of `input`. */
    findings(input: string, config: CheckConfig): Finding[];
    /** A line for the report's preamble: what was read. */
    readonly summary: string;
}

// ---------------------------------------------------------------------------------------------
// Reading values

/** HCL's string escapes (hclsyntax): \n \r \t \" \\ \uNNNN \UNNNNNNNN, and $${ / %%{ for literal ${ and %{. */
function unescapeHcl(text: string): string {
    return text.replace(/\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|([nrt"\\]))|\$\$\{|%%\{/g, (m, u4?: string, u8?: string, c?: string) => {
        if (u4 !== undefined || u8 !== undefined) {
            const cp = parseInt((u4 ?? u8)!, 16);
            return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
        }
        if (c !== undefined) return c === "n" ? "\n" : c === "r" ? "\r" : c === "t" ? "\t" : c;
        return m === "$${" ? "${" : "%{";
    });
}

const NOT_LITERAL =
    'not a literal value; Terraform allows only literal values in a backend block and in -backend-config files (terraform init reports "Variables not allowed"), so the pack does not evaluate it';

/** The literal an HCL expression node is (string, number, bool, object of literals), or why it is not one. */
function literalOf(node: HclNode): ArgValue {
    const inner = node.type === "expression" ? node.namedChildren.filter((c) => c !== null) : [node];
    if (inner.length !== 1 || !inner[0]) return { kind: "not-literal", why: NOT_LITERAL };
    const n = inner[0];
    switch (n.type) {
        case "literal_value": {
            const lit = n.namedChildren[0];
            if (!lit) break;
            if (lit.type === "bool_lit") return { kind: "literal", value: lit.text === "true" };
            if (lit.type === "numeric_lit") return { kind: "literal", value: Number(lit.text) };
            if (lit.type === "null_lit") return { kind: "not-literal", why: "null (unset)" };
            if (lit.type === "string_lit") return stringLiteral(lit);
            break;
        }
        case "template_expr": {
            const t = n.namedChildren[0];
            if (t?.type === "quoted_template") return stringLiteral(t);
            if (t?.type === "heredoc_template") {
                const parts = t.namedChildren.filter((c) => c !== null && c.type !== "heredoc_start" && c.type !== "heredoc_identifier");
                if (parts.some((p) => p?.type !== "template_literal")) break;
                return { kind: "literal", value: parts.map((p) => p!.text).join("") };
            }
            break;
        }
        case "collection_value": {
            const obj = n.namedChildren[0];
            if (obj?.type !== "object") break;
            const out: Record<string, unknown> = {};
            for (const elem of obj.namedChildren) {
                if (elem?.type !== "object_elem") continue;
                const keyNode = elem.childForFieldName("key");
                const valNode = elem.childForFieldName("val");
                if (!keyNode || !valNode) return { kind: "not-literal", why: NOT_LITERAL };
                // A bare identifier key is the key's name; a quoted one its text.
                const bare = keyNode.namedChildren[0];
                let key: string | undefined;
                if (bare?.type === "variable_expr" && bare.namedChildren.length === 1) key = bare.text;
                else {
                    const k = literalOf(keyNode);
                    if (k.kind === "literal" && typeof k.value === "string") key = k.value;
                }
                if (key === undefined) return { kind: "not-literal", why: NOT_LITERAL };
                const v = literalOf(valNode);
                if (v.kind !== "literal") return v;
                Object.defineProperty(out, key, { value: v.value, enumerable: true, writable: true, configurable: true });
            }
            return { kind: "literal", value: out };
        }
    }
    return { kind: "not-literal", why: NOT_LITERAL };
}

function stringLiteral(node: HclNode): ArgValue {
    const parts = node.namedChildren.filter((c) => c !== null && c.type !== "quoted_template_start" && c.type !== "quoted_template_end");
    if (parts.some((p) => p?.type !== "template_literal")) return { kind: "not-literal", why: NOT_LITERAL };
    return { kind: "literal", value: unescapeHcl(parts.map((p) => p!.text).join("")) };
}

function isReadArg(name: string): name is ReadArg {
    return (READ_ARGS as readonly string[]).includes(name);
}

/** A value read for `name`, sensitive ones wrapped where they are read. */
function argValue(name: string, value: ArgValue): ArgValue {
    if (value.kind === "literal" && SENSITIVE_ARGS.has(name)) return { kind: "literal", value: new Sensitive(value.value) };
    return value;
}

function readText(file: string, shown: string): string {
    let stats: fs.Stats;
    try {
        stats = fs.statSync(file);
    } catch {
        throw new InputError(`${shown}: cannot be read (no such file, or no permission)`);
    }
    if (!stats.isFile()) throw new InputError(`${shown}: is not a regular file`);
    if (stats.size > MAX_INPUT_BYTES) throw new InputError(`${shown}: is larger than ${MAX_INPUT_BYTES} bytes`);
    return fs.readFileSync(file, "utf8");
}

function relative(cwd: string, file: string): string {
    return printable(path.relative(cwd, file) || ".");
}

/** The attributes of an HCL body (a `backend "s3"` block's, or a -backend-config file's) that the checks read. */
function bodyArgs(body: HclNode, file: string, into: Map<ReadArg, Arg>): void {
    for (const attr of body.namedChildren) {
        if (attr?.type !== "attribute") continue;
        const name = attr.namedChildren[0]?.text;
        const expr = attr.namedChildren.find((c) => c?.type === "expression");
        if (name === undefined || !expr || !isReadArg(name)) continue;
        const location = { file, line: attr.startPosition.row + 1, column: attr.startPosition.column + 1 };
        into.set(name, { value: argValue(name, literalOf(expr)), origin: { shown: `${file}:${location.line}`, location } });
    }
}

async function parsedBody(text: string, shown: string): Promise<HclNode> {
    const tree = await parseHcl(text);
    const error = firstSyntaxError(tree);
    if (error) throw new InputError(`${shown}:${error.line}:${error.column}: is not valid HCL`);
    const body = tree.rootNode.namedChildren.find((n) => n?.type === "body");
    // An empty file has no body: no arguments.
    return body ?? tree.rootNode;
}

/** The `backend "<type>"` blocks inside `terraform` blocks of a body. */
function backendBlocks(body: HclNode): Array<{ type: string; block: HclNode }> {
    const out: Array<{ type: string; block: HclNode }> = [];
    for (const tf of body.namedChildren) {
        if (tf?.type !== "block" || tf.namedChildren[0]?.text !== "terraform") continue;
        const inner = tf.namedChildren.find((c) => c?.type === "body");
        for (const b of inner?.namedChildren ?? []) {
            if (b?.type !== "block" || b.namedChildren[0]?.text !== "backend") continue;
            const label = b.namedChildren.find((c) => c?.type === "string_lit");
            const type = label ? stringLiteral(label) : undefined;
            out.push({ type: type?.kind === "literal" && typeof type.value === "string" ? type.value : "", block: b });
        }
    }
    return out;
}

interface BlockFound {
    readonly type: string;
    readonly file: string;
    readonly location: SourceLocation;
    readonly args: Map<ReadArg, Arg>;
}

/** The backend block of the directory's .tf and .tf.json files, if any (Terraform allows one). */
async function findBackendBlock(dir: string, cwd: string): Promise<BlockFound | undefined> {
    let names: string[];
    try {
        names = fs.readdirSync(dir).sort();
    } catch {
        throw new InputError(`${relative(cwd, dir)}: the directory cannot be read`);
    }
    for (const name of names) {
        const file = path.join(dir, name);
        const shown = relative(cwd, file);
        if (name.endsWith(".tf")) {
            const text = readText(file, shown);
            // Only a file that names a backend can hold its block: the others (the directory's
            // loader has parsed them already) are not parsed again.
            if (!text.includes("backend")) continue;
            const body = await parsedBody(text, shown);
            const found = backendBlocks(body)[0];
            if (!found) continue;
            const args = new Map<ReadArg, Arg>();
            const inner = found.block.namedChildren.find((c) => c?.type === "body");
            if (inner) bodyArgs(inner, shown, args);
            const location = { file: shown, line: found.block.startPosition.row + 1, column: found.block.startPosition.column + 1 };
            return { type: found.type, file: shown, location, args };
        }
        if (name.endsWith(".tf.json")) {
            const found = jsonBackendBlock(readText(file, shown), shown);
            if (found) return found;
        }
    }
    return undefined;
}

/** A value of the JSON configuration syntax or of the init state: literals only (a "${...}" string is an expression in .tf.json). */
function jsonValue(name: string, v: unknown, templates: boolean): ArgValue | undefined {
    if (v === null || v === undefined) return undefined;
    if (typeof v === "string") {
        if (templates && /\$\{|%\{/.test(v.replace(/\$\$\{|%%\{/g, ""))) return { kind: "not-literal", why: NOT_LITERAL };
        return argValue(name, { kind: "literal", value: templates ? v.replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{") : v });
    }
    if (typeof v === "boolean" || typeof v === "number") return argValue(name, { kind: "literal", value: v });
    if (typeof v === "object" && !Array.isArray(v) && name === "endpoints") {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
            if (x === null) continue;
            if (typeof x !== "string") return { kind: "not-literal", why: `endpoints.${printable(k)} is not a string` };
            Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true });
        }
        return { kind: "literal", value: out };
    }
    return {
        kind: "not-literal",
        why: `a JSON ${Array.isArray(v) ? "array" : typeof v}, where the backend expects ${BOOLEAN_ARGS.has(name) ? "a boolean" : "a string"}`,
    };
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function jsonArgs(config: Record<string, unknown>, origin: ArgOrigin, templates: boolean): Map<ReadArg, Arg> {
    const args = new Map<ReadArg, Arg>();
    for (const name of READ_ARGS) {
        if (!Object.hasOwn(config, name)) continue;
        const value = jsonValue(name, config[name], templates);
        if (value) args.set(name, { value, origin });
    }
    return args;
}

function jsonBackendBlock(text: string, shown: string): BlockFound | undefined {
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        throw new InputError(`${shown}: is not valid JSON`);
    }
    const tfs = isRecord(doc) ? doc.terraform : undefined;
    for (const tf of Array.isArray(tfs) ? tfs : [tfs]) {
        const backends = isRecord(tf) ? tf.backend : undefined;
        for (const backend of Array.isArray(backends) ? backends : [backends]) {
            if (!isRecord(backend)) continue;
            const [type, body] = Object.entries(backend)[0] ?? [];
            if (type === undefined) continue;
            const config: unknown = Array.isArray(body) ? (body as unknown[])[0] : body;
            // The JSON syntax has no positions the pack keeps: the file's first line.
            const location = { file: shown, line: 1, column: 1 };
            return {
                type,
                file: shown,
                location,
                args: isRecord(config) ? jsonArgs(config, { shown, location }, true) : new Map<ReadArg, Arg>(),
            };
        }
    }
    return undefined;
}

interface InitState {
    readonly type: string;
    readonly version?: string | undefined;
    readonly args: Map<ReadArg, Arg>;
}

/** `.terraform/terraform.tfstate` as `terraform init` writes it: {terraform_version, backend: {type, config}}. */
function readInitState(dir: string, cwd: string): InitState | undefined {
    const file = path.join(dir, ".terraform", "terraform.tfstate");
    if (!fs.existsSync(file)) return undefined;
    const shown = relative(cwd, file);
    let doc: unknown;
    try {
        doc = JSON.parse(readText(file, shown));
    } catch (e) {
        if (e instanceof InputError) throw e;
        throw new InputError(`${shown}: is not valid JSON`);
    }
    if (!isRecord(doc)) throw new InputError(`${shown}: is not a JSON object`);
    const backend = doc.backend;
    if (!isRecord(backend)) return undefined;
    if (typeof backend.type !== "string") throw new InputError(`${shown}: backend.type is not a string`);
    const version =
        typeof doc.terraform_version === "string" && /^\d+\.\d+\.\d+[A-Za-z0-9.+-]{0,40}$/.test(doc.terraform_version)
            ? doc.terraform_version
            : undefined;
    const config = isRecord(backend.config) ? backend.config : {};
    return { type: backend.type, version, args: jsonArgs(config, { shown }, false) };
}

/** A `--backend-config` option: a file of `key = value` lines, or one `key=value`. */
async function readBackendConfigOption(option: string, cwd: string): Promise<Map<ReadArg, Arg>> {
    const args = new Map<ReadArg, Arg>();
    const eq = option.indexOf("=");
    if (eq === -1) {
        // As terraform init: without "=", the value is a file name.
        const file = path.resolve(cwd, option);
        const shown = relative(cwd, file);
        const body = await parsedBody(readText(file, `--backend-config ${shown}`), `--backend-config ${shown}`);
        if (body.namedChildren.some((n) => n?.type === "block"))
            throw new InputError(`--backend-config ${shown}: holds a block; a backend configuration file holds only key = value arguments`);
        bodyArgs(body, shown, args);
        return args;
    }
    const name = option.slice(0, eq).trim();
    const raw = option.slice(eq + 1);
    if (!/^[a-z_][a-z0-9_]*$/.test(name))
        throw new InputError(`--backend-config: the argument name (${name.length} characters) is not an S3 backend argument name`);
    if (!isReadArg(name)) return args;
    const origin = { shown: `--backend-config ${name}=...` };
    if (name === "endpoints") {
        // As terraform init: a value of a complex type is HCL (`endpoints={s3="https://..."}`).
        const body = await parsedBody(`endpoints = ${raw}\n`, `--backend-config ${name}`);
        const probe = new Map<ReadArg, Arg>();
        bodyArgs(body, "", probe);
        const read = probe.get("endpoints");
        if (read) args.set(name, { value: read.value, origin });
        return args;
    }
    if (BOOLEAN_ARGS.has(name)) {
        // cty's string-to-bool conversion: "true"/"false" (and "1"/"0").
        const value = raw === "true" || raw === "1" ? true : raw === "false" || raw === "0" ? false : undefined;
        if (value === undefined) throw new InputError(`--backend-config ${name}: must be true or false (got ${raw.length} characters)`);
        args.set(name, { value: { kind: "literal", value }, origin });
        return args;
    }
    args.set(name, { value: argValue(name, { kind: "literal", value: raw }), origin });
    return args;
}

/**
 * The S3 backend configuration of a directory, merged as Terraform merges it, or undefined when the
 * directory configures no backend, or another type than s3 (nothing for these checks).
 */
export async function readBackendConfig(dir: string, backendConfigs: readonly string[], cwd: string): Promise<BackendConfig | undefined> {
    const block = await findBackendBlock(dir, cwd);
    const state = readInitState(dir, cwd);
    const type = block?.type ?? state?.type;
    // No backend block (nor init state): --backend-config has nothing to complete here (the report says so).
    if (type === undefined) return undefined;
    if (type !== "s3") return undefined;
    const args = new Map<ReadArg, Arg>();
    const sources: string[] = [];
    const conflicts: string[] = [];
    // The init state only when it is of the same backend: after a change of type it is stale.
    if (state && state.type === "s3") {
        for (const [k, v] of state.args) args.set(k, v);
        sources.push(
            `${relative(cwd, path.join(dir, ".terraform", "terraform.tfstate"))}${state.version ? ` (Terraform ${state.version})` : ""}`,
        );
    }
    if (block) {
        if (block.args.has("endpoint") && block.args.has("endpoints")) {
            const s3 = block.args.get("endpoints")?.value;
            if (s3?.kind === "literal" && isRecord(s3.value) && typeof s3.value.s3 === "string")
                conflicts.push(
                    'endpoint and endpoints.s3 are both set: Terraform 1.6 and later refuse the pair at init ("Conflicting Parameters"); earlier versions know only endpoint',
                );
        }
        for (const [k, v] of block.args) args.set(k, v);
        sources.push(block.file);
    }
    for (const option of backendConfigs) {
        for (const [k, v] of await readBackendConfigOption(option, cwd)) args.set(k, v);
        sources.push(
            option.includes("=")
                ? `--backend-config ${printable(option.slice(0, option.indexOf("=")))}=...`
                : `--backend-config ${relative(cwd, path.resolve(cwd, option))}`,
        );
    }
    return {
        args,
        ...(state?.type === "s3" && state.version !== undefined && { terraformVersion: state.version }),
        ...(block && { block: block.location }),
        sources,
        conflicts,
    };
}

// ---------------------------------------------------------------------------------------------
// The reading the core judges

/** A prop for the core: the literal, the unknown mark for what Terraform does not allow, absent for unset. */
function prop(arg: Arg | undefined): unknown {
    if (!arg) return undefined;
    return arg.value.kind === "literal" ? arg.value.value : UNKNOWN_VALUE;
}

interface EndpointChoice {
    readonly field: "endpoints.s3" | "endpoint";
    readonly arg?: Arg | undefined;
    readonly value: unknown;
}

/** The S3 endpoint the backend uses: endpoints.s3 (Terraform 1.6+), else the deprecated endpoint. */
function endpointOf(args: ReadonlyMap<ReadArg, Arg>): EndpointChoice {
    const endpoints = args.get("endpoints");
    if (endpoints) {
        if (endpoints.value.kind !== "literal") return { field: "endpoints.s3", arg: endpoints, value: UNKNOWN_VALUE };
        const s3 = isRecord(endpoints.value.value) ? endpoints.value.value.s3 : undefined;
        if (s3 !== undefined) return { field: "endpoints.s3", arg: endpoints, value: s3 };
    }
    const endpoint = args.get("endpoint");
    return { field: "endpoint", arg: endpoint, value: prop(endpoint) };
}

/** The backend as the core reads it: the connection as a provider, the state as an object. */
export function backendReading(config: BackendConfig, env: Readonly<Record<string, string | undefined>> = {}): BackendReading {
    const { args } = config;
    const endpoint = endpointOf(args);
    const pathStyleArg = args.has("use_path_style") ? "use_path_style" : "force_path_style";
    const names = new Map<string, string>([
        ["kmsKeyId", "kms_key_id"],
        ["sseCustomerKey", "sse_customer_key"],
        ["s3UsePathStyle", pathStyleArg],
    ]);
    const region = prop(args.get("region"));
    const providerProps: Record<string, unknown> = {
        endpoint: endpoint.value,
        endpointField: endpoint.field,
        insecure: prop(args.get("insecure")),
        s3UsePathStyle: prop(args.get(pathStyleArg)),
        ...(config.terraformVersion !== undefined && { terraformVersion: config.terraformVersion }),
        ...(typeof region === "string" && { region }),
    };
    // Terraform takes the SSE-C key from AWS_SSE_CUSTOMER_KEY when sse_customer_key is unset: where the
    // check runs is taken to be where Terraform runs (a CI job); only whether it is set is read.
    const envKey = !args.has("sse_customer_key") && (env.AWS_SSE_CUSTOMER_KEY ?? "") !== "";
    if (envKey) names.set("sseCustomerKey", "AWS_SSE_CUSTOMER_KEY (environment)");
    const stateProps: Record<string, unknown> = {
        encrypt: prop(args.get("encrypt")),
        kmsKeyId: prop(args.get("kms_key_id")),
        sseCustomerKey: envKey ? new Sensitive(true) : prop(args.get("sse_customer_key")),
        ...(config.terraformVersion !== undefined && { terraformVersion: config.terraformVersion }),
    };
    const attributes = new Map<string, SourceLocation>();
    for (const [k, v] of args) if (v.origin.location) attributes.set(k, v.origin.location);
    const location = config.block ? { block: config.block, attributes } : undefined;
    const provider: PulumiProvider = {
        type: BACKEND_PROVIDER_TYPE,
        urn: BACKEND_SUBJECT,
        name: BACKEND_SUBJECT,
        key: BACKEND_SUBJECT,
        terraformType: BACKEND_TYPE_SHOWN,
        props: providerProps,
        names,
        unresolved: new Map(),
        notes: new Map(),
        overridden: false,
        ...(location && { location }),
    };
    const state: PulumiResource = {
        type: BACKEND_STATE_TYPE,
        urn: BACKEND_SUBJECT,
        name: BACKEND_SUBJECT,
        terraformType: BACKEND_TYPE_SHOWN,
        inputs: stateProps,
        outputs: stateProps,
        provider,
        propertyDependencies: {},
        names: () => names,
        ...(location && { location }),
    };
    const version = config.terraformVersion;
    return {
        reading: { resources: [state], providers: [provider], skipped: 0 },
        summary: `    backend "s3" read from ${config.sources.join(", ")}${version === undefined ? " (Terraform version not known: .terraform/terraform.tfstate not found)" : ""}`,
        findings: (input, checkConfig) => backendFacts(config, endpoint, input, checkConfig),
    };
}

// ---------------------------------------------------------------------------------------------
// What the core's rules do not say

const ENDPOINT_POLICY = "obs-sse-transfer-protocol";
const ALGORITHM_POLICY = "obs-sse-supported-algorithm";

function backendFacts(config: BackendConfig, endpoint: EndpointChoice, input: string, checkConfig: CheckConfig): Finding[] {
    const out: Finding[] = [];
    const add = (policy: string, text: string, cause: string, origin?: ArgOrigin) => {
        const known = policies.find((p) => p.name === policy);
        const level = checkConfig.policies[policy]?.enforcementLevel ?? known?.enforcementLevel;
        if (!known || level === "disabled") return;
        const location = origin?.location ?? config.block;
        out.push({
            policy,
            enforcementLevel: "advisory",
            severity: "low",
            resource: BACKEND_SUBJECT,
            resourceType: BACKEND_TYPE_SHOWN,
            resourceName: BACKEND_SUBJECT,
            message: `${known.description}\n${text}`,
            input,
            cause: `${BACKEND_SUBJECT}|${cause}`,
            ...(location && { location }),
        });
    };
    const { args } = config;
    for (const [name, arg] of args) {
        if (arg.value.kind !== "not-literal") continue;
        const policy = name === "endpoint" || name === "endpoints" || name === "insecure" ? ENDPOINT_POLICY : ALGORITHM_POLICY;
        add(
            policy,
            `${BACKEND_SUBJECT}: ${name} (${arg.origin.shown}) is ${arg.value.why}. What depends on it is reported as unknown.\nFix: write ${name} as a literal value, or pass it with --backend-config.`,
            `not-literal:${name}`,
            arg.origin,
        );
    }
    for (const c of config.conflicts)
        add(
            ENDPOINT_POLICY,
            `${BACKEND_SUBJECT}: ${c}.\nFix: keep endpoints = { s3 = "https://..." } and remove endpoint.`,
            "endpoint-conflict",
        );
    const encrypt = args.get("encrypt");
    const encrypted = encrypt?.value.kind === "literal" && encrypt.value.value === true;
    const unknownEncrypt = encrypt?.value.kind === "not-literal";
    if (!encrypted && !unknownEncrypt) {
        const ignored = (["kms_key_id", "sse_customer_key"] as const).filter((k) => args.has(k));
        if (ignored.length > 0)
            add(
                ALGORITHM_POLICY,
                `${BACKEND_SUBJECT}: ${ignored.join(" and ")} ${ignored.length === 1 ? "is" : "are"} set, but encrypt is not true: Terraform's S3 backend sends SSE headers only when encrypt = true, so the state is written without server-side encryption and judged so.\nFix: set encrypt = true.`,
                "encryption-ignored",
                args.get(ignored[0]!)?.origin,
            );
    }
    if (encrypted && args.has("kms_key_id") && args.has("sse_customer_key"))
        add(
            ALGORITHM_POLICY,
            `${BACKEND_SUBJECT}: kms_key_id and sse_customer_key are both set; Terraform refuses the pair at init ("Cannot have both kms_key_id and sse_customer_key set"). Judged as SSE-KMS, which the backend's writes would use.\nFix: keep one of them.`,
            "kms-and-sse-c",
        );
    // An endpoint without a scheme, which Terraform 1.5 and earlier send over https://: say what upgrading does.
    if (typeof endpoint.value === "string" && !/^[^:]+:\/\//.test(endpoint.value) && backendClientOf(config.terraformVersion) === "sdk-v1")
        add(
            ENDPOINT_POLICY,
            `${BACKEND_SUBJECT}: ${endpoint.field} has no scheme. Terraform ${config.terraformVersion ?? ""} (AWS SDK for Go v1) sends its requests to https:// and the host, as judged here; Terraform 1.6.0 refuses such an endpoint at init, and 1.6.1 and later warn and then fail before sending any request.\nFix: write the endpoint with https://.`,
            "endpoint-no-scheme-sdk-v1",
            endpoint.arg?.origin,
        );
    return out;
}

/**
 * The S3 backend of a directory as the core reads it, or undefined when there is none. For the
 * directory front end: add `reading.resources` and `reading.providers` to the directory's own
 * reading before checkReading (the subject `backend.s3` is no resource address), append
 * `findings(input, config)` to the report's findings, and `summary` to its preamble.
 */
export async function readBackend(
    dir: string,
    backendConfigs: readonly string[],
    cwd: string,
    env: Readonly<Record<string, string | undefined>> = {},
): Promise<BackendReading | undefined> {
    const config = await readBackendConfig(dir, backendConfigs, cwd);
    return config ? backendReading(config, env) : undefined;
}

/** The backend of a directory of .tf files, judged on its own: an input report, or undefined when it has no S3 backend. */
export async function checkBackendDirectory(
    input: string,
    dir: string,
    backendConfigs: readonly string[],
    config: CheckConfig,
    cwd: string,
    env: Readonly<Record<string, string | undefined>> = {},
): Promise<InputReport | undefined> {
    const backend = await readBackend(dir, backendConfigs, cwd, env);
    if (!backend) return undefined;
    const report = checkReading(backend.reading, config, {
        input,
        kind: "terraform-source",
        heading: { shownAs: input, source: "Terraform configuration (state backend)" },
        preamble: [backend.summary],
    });
    return { ...report, resources: 1, findings: [...report.findings, ...backend.findings(input, config)] };
}

/**
 * The report of a directory of .tf files with its state backend judged beside its resources: the
 * backend's findings and judged subjects added, and a preamble line that says what was (not) read.
 */
export async function withBackend(
    report: InputReport,
    dir: string,
    backendConfigs: readonly string[],
    config: CheckConfig,
    cwd: string,
    env: Readonly<Record<string, string | undefined>>,
): Promise<InputReport> {
    const backend = await checkBackendDirectory(report.input, dir, backendConfigs, config, cwd, env);
    if (!backend) {
        return {
            ...report,
            preamble: [...report.preamble, '    no backend "s3": no state backend to judge'],
        };
    }
    return {
        ...report,
        resources: report.resources + backend.resources,
        preamble: [...report.preamble, ...backend.preamble],
        findings: [...report.findings, ...backend.findings],
        ...((report.checked !== undefined || backend.checked !== undefined) && {
            checked: [...(report.checked ?? []), ...(backend.checked ?? [])],
        }),
    };
}
