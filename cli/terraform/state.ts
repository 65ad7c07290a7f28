// Reads deployed Terraform state: `terraform show -json` of a state (format_version 0.x/1.x,
// values.root_module with child_modules) and the raw state file (terraform.tfstate, version 4),
// into the reading every Terraform front end checks (`checkReading`).
//
// What a state holds: each resource instance's attributes as last applied and refreshed (what the
// configuration set and what the provider computed, in one object), which of them are sensitive,
// and the address of the provider configuration each resource was applied with. What it does not
// hold: any provider configuration (endpoints, insecure, path style), so those are unknown unless
// the config file's providerEndpoints names the endpoint, or a source reader fills
// `providerConfigs` (the hook for reading the configuration's .tf files). They are never guessed.
//
// Resource policies (inputs) and stack policies (outputs) read the same attributes: a state does
// not tell configured from computed, and the plan reader hands an unchanged (no-op) resource the
// same after-values, computed ones included. Deposed objects (left by a create_before_destroy
// replacement whose destroy failed) are skipped: Terraform only deletes them. Data sources are
// skipped as in plans (no Pulumi twin among the readers).
import type { CheckConfig } from "../config";
import { InputError } from "../inputError";
import type { InputReport } from "../report";
import { printable } from "../../policies/printable";
import { UNKNOWN_VALUE } from "../../policies/values";
import { checkReading } from "./check";
import { DEPTH_LIMIT, nestsDeeperThan, own, setOwn } from "./expressions";
import { PROVIDER_MAPPINGS, RESOURCE_MAPPINGS, providerTypeOf } from "./mapping";
import { isRecord } from "./plan";
import { applyEndpointOverride, pulumiValues, twinResource, type PlanReading, type PulumiProvider, type PulumiResource } from "./resources";

/** Which of the two state documents a file is. */
export type StateForm = "show-json" | "file";

/** One resource instance object of a state, as both forms are read into. */
export interface StateInstance {
    /** The absolute address as Terraform writes it (`module.a["k"].aws_s3_object.o[0]`), not yet printable. */
    readonly address: string;
    readonly mode: "managed" | "data";
    readonly type: string;
    /**
     * The provider configuration key, as plans and the config file's providerEndpoints name it:
     * `aws`, `aws.obs`, `module.store:aws`. From `terraform show -json`, only the provider's type
     * (`aws`): that form names no alias and no module of the configuration.
     */
    readonly providerKey: string;
    /** The provider's source address, e.g. `registry.terraform.io/hashicorp/aws`. */
    readonly providerSource: string;
    /** Terraform's address of the provider configuration, e.g. `module.x.provider["registry.terraform.io/hashicorp/aws"].obs`. */
    readonly providerAddress: string;
    /** The attribute values (an object), or undefined when the instance has none. */
    readonly values: Record<string, unknown> | undefined;
    /** `true` on sensitive leaves (or whole values), in the shape of `values`. */
    readonly sensitive: unknown;
    /** A deposed object (not the current one), which Terraform only deletes. */
    readonly deposed: boolean;
}

/** A state read and checked for shape. */
export interface StateDocument {
    readonly form: StateForm;
    /** What the report heading says was read, e.g. "Terraform 1.11.4 state file (v4, serial 12)". */
    readonly source: string;
    readonly instances: readonly StateInstance[];
    readonly warnings: readonly string[];
}

/** A name read from the input, as messages show it: printable, and cut short when longer than any real one. */
function shown(text: string, max = 200): string {
    return printable(text.length > max ? `${text.slice(0, max)}…` : text);
}

/** `${what} of a JSON value`, for messages: its type only, never the value. */
function typeOf(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "a list";
    if (typeof v === "object") return "an object";
    return `a ${typeof v}`;
}

function versionShown(v: unknown): string {
    return typeof v === "string" && /^[0-9A-Za-z.+-]{1,64}$/.test(v) ? v : "of unknown version";
}

// ---------------------------------------------------------------------------------------------
// terraform show -json

/** Resources of every module of a `terraform show -json` state, walked without recursion. */
function showJsonResources(root: unknown, file: string): Array<{ resource: unknown; where: string }> {
    const out: Array<{ resource: unknown; where: string }> = [];
    const stack: Array<{ module: unknown; where: string; depth: number }> = [{ module: root, where: "values.root_module", depth: 0 }];
    while (stack.length > 0) {
        const { module, where, depth } = stack.pop()!;
        if (!isRecord(module)) throw new InputError(`${file}: ${where} is ${typeOf(module)}, not a module object`);
        if (depth > DEPTH_LIMIT)
            throw new InputError(`${file}: ${where}: modules nest deeper than ${DEPTH_LIMIT} levels, more than this checker reads`);
        const { resources, child_modules: children } = module;
        if (resources !== undefined && resources !== null) {
            if (!Array.isArray(resources)) throw new InputError(`${file}: ${where}.resources is ${typeOf(resources)}, not a list`);
            resources.forEach((resource, i) => out.push({ resource, where: `${where}.resources[${i}]` }));
        }
        if (children !== undefined && children !== null) {
            if (!Array.isArray(children)) throw new InputError(`${file}: ${where}.child_modules is ${typeOf(children)}, not a list`);
            // Reversed onto the stack, so that modules are read in the document's order.
            for (let i = children.length - 1; i >= 0; i--)
                stack.push({ module: children[i], where: `${where}.child_modules[${i}]`, depth: depth + 1 });
        }
    }
    return out;
}

/** Checks a `terraform show -json` state and reads its resource instances. */
export function stateJsonOf(doc: Record<string, unknown>, file: string): StateDocument {
    const format = doc.format_version;
    const major = typeof format === "string" ? /^(\d+)\./.exec(format)?.[1] : undefined;
    if (major !== "0" && major !== "1")
        throw new InputError(
            `${file}: state format_version has major version ${major ?? "(unreadable)"}; this checker reads formats 0.x and 1.x (\`terraform show -json\` of Terraform 0.12 and later)`,
        );
    const values = doc.values;
    if (values !== undefined && values !== null && !isRecord(values))
        throw new InputError(`${file}: values is ${typeOf(values)}, not an object`);
    const root = isRecord(values) ? values.root_module : undefined;
    const found = root === undefined || root === null ? [] : showJsonResources(root, file);
    const instances: StateInstance[] = [];
    for (const { resource: r, where } of found) {
        if (!isRecord(r)) throw new InputError(`${file}: ${where} is ${typeOf(r)}, not a resource object`);
        for (const field of ["address", "type", "name", "provider_name"] as const)
            if (typeof r[field] !== "string") throw new InputError(`${file}: ${where}: ${field} is ${typeOf(r[field])}, not a string`);
        const address = r.address as string;
        const at = `resource ${shown(address)}`;
        if (r.mode !== "managed" && r.mode !== "data") throw new InputError(`${file}: ${at}: mode is neither "managed" nor "data"`);
        if (r.values !== undefined && r.values !== null && !isRecord(r.values))
            throw new InputError(`${file}: ${at}: values is ${typeOf(r.values)}, not an object`);
        if (r.deposed_key !== undefined && typeof r.deposed_key !== "string")
            throw new InputError(`${file}: ${at}: deposed_key is ${typeOf(r.deposed_key)}, not a string`);
        const source = r.provider_name as string;
        instances.push({
            address,
            mode: r.mode,
            type: r.type as string,
            providerKey: providerTypeOf(source),
            providerSource: source,
            providerAddress: `provider["${source}"]`,
            values: isRecord(r.values) ? r.values : undefined,
            sensitive: r.sensitive_values,
            deposed: typeof r.deposed_key === "string" && r.deposed_key !== "",
        });
    }
    return {
        form: "show-json",
        source: `Terraform ${versionShown(doc.terraform_version)} state (show -json)`,
        instances,
        warnings: [],
    };
}

// ---------------------------------------------------------------------------------------------
// terraform.tfstate, version 4

/**
 * `module.a.module.b.provider["registry.terraform.io/hashicorp/aws"].obs`, and the legacy form of
 * Terraform 0.12 (`module.a.provider.aws.obs`, from before provider source addresses).
 */
const PROVIDER_ADDRESS = /^((?:module\.[A-Za-z_][A-Za-z0-9_-]*\.)*)provider\["([^"\\]+)"\](?:\.([A-Za-z_][A-Za-z0-9_-]*))?$/;
const LEGACY_PROVIDER_ADDRESS =
    /^((?:module\.[A-Za-z_][A-Za-z0-9_-]*\.)*)provider\.([A-Za-z_][A-Za-z0-9_-]*)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?$/;

interface ProviderRef {
    readonly key: string;
    readonly source: string;
    readonly address: string;
}

/** The provider configuration a raw state's resource names, or undefined when the text is not an address. */
export function parseProviderAddress(text: string): ProviderRef | undefined {
    let m = PROVIDER_ADDRESS.exec(text);
    let source: string;
    if (m) source = m[2]!;
    else {
        m = LEGACY_PROVIDER_ADDRESS.exec(text);
        if (!m) return undefined;
        // Terraform 0.13 reads a legacy provider name as the hashicorp namespace's provider of that name.
        source = `registry.terraform.io/hashicorp/${m[2]!}`;
    }
    const modules = m[1] ?? "";
    const alias = m[3];
    const local = `${providerTypeOf(source)}${alias !== undefined ? `.${alias}` : ""}`;
    const module = modules.replace(/\.$/, "");
    return {
        key: module ? `${module}:${local}` : local,
        source,
        address: `${modules}provider["${source}"]${alias !== undefined ? `.${alias}` : ""}`,
    };
}

/**
 * An instance key as Terraform writes it in an address: `[0]`, or `["k"]` with the key quoted in
 * HCL's syntax (Terraform's `addrs.StringKey.String`: `\n \r \t \" \\` escaped, `${` and `%{`
 * doubled, other unprintable characters as `\uXXXX` or `\UXXXXXXXX`).
 */
export function instanceKeyText(key: number | string): string {
    if (typeof key === "number") return `[${key}]`;
    let out = '"';
    const chars = [...key];
    chars.forEach((ch, i) => {
        switch (ch) {
            case "\n":
                out += "\\n";
                break;
            case "\r":
                out += "\\r";
                break;
            case "\t":
                out += "\\t";
                break;
            case '"':
                out += '\\"';
                break;
            case "\\":
                out += "\\\\";
                break;
            case "$":
            case "%":
                out += chars[i + 1] === "{" ? ch + ch : ch;
                break;
            default: {
                const code = ch.codePointAt(0)!;
                if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}\p{Zs}]$/u.test(ch)) out += ch;
                else out += code < 0x10000 ? `\\u${code.toString(16).padStart(4, "0")}` : `\\U${code.toString(16).padStart(8, "0")}`;
            }
        }
    });
    return `[${out}"]`;
}

type Container = Record<string, unknown> | unknown[];

function childOf(container: unknown, key: string | number): unknown {
    return Array.isArray(container) ? container[key as number] : isRecord(container) ? own(container, key as string) : undefined;
}

function setChild(container: Container, key: string | number, value: unknown): void {
    if (Array.isArray(container)) container[key as number] = value;
    else setOwn(container, key as string, value);
}

/** A path step's key: an attribute name, a map key or a list index; undefined for a step this reader does not know. */
function stepKey(step: unknown): string | number | undefined {
    if (!isRecord(step)) return undefined;
    if (step.type === "get_attr" && typeof step.value === "string") return step.value;
    if (step.type === "index" && isRecord(step.value)) {
        const k = step.value.value;
        if (typeof k === "string" || (typeof k === "number" && Number.isSafeInteger(k) && k >= 0)) return k;
    }
    return undefined;
}

/**
 * A sensitive_attributes path (Terraform 0.15 and later: a list of steps, `{"type": "get_attr",
 * "value": "x"}` or `{"type": "index", "value": {"value": 1, "type": "number"}}`) laid onto
 * `mask` in the shape of `value`. Where the path leaves the value's shape (or has a step this
 * reader does not know), the value reached so far is marked whole: a mark is never dropped.
 */
function markPath(mask: Record<string, unknown>, value: Record<string, unknown>, path: readonly unknown[]): void {
    const keys: Array<string | number> = [];
    let node: unknown = value;
    for (const step of path) {
        const key = stepKey(step);
        const fits =
            (typeof key === "number" && Array.isArray(node) && key < node.length) ||
            (typeof key === "string" && isRecord(node) && Object.hasOwn(node, key));
        if (!fits) break;
        keys.push(key!);
        node = childOf(node, key!);
    }
    if (keys.length === 0) {
        // Not even the first step fits: every attribute is marked.
        for (const k of Object.keys(value)) setOwn(mask, k, true);
        return;
    }
    let container: Container = mask;
    let shape: unknown = value;
    for (const key of keys.slice(0, -1)) {
        const existing = childOf(container, key);
        // A value already marked whole covers the rest of the path.
        if (existing === true) return;
        shape = childOf(shape, key);
        const next: Container =
            typeof existing === "object" && existing !== null ? (existing as Container) : Array.isArray(shape) ? [] : {};
        setChild(container, key, next);
        container = next;
    }
    setChild(container, keys[keys.length - 1]!, true);
}

/** The sensitive mask of an instance's attributes from its sensitive_attributes paths. */
function sensitiveMask(value: Record<string, unknown>, paths: readonly unknown[], at: string): Record<string, unknown> {
    const mask: Record<string, unknown> = {};
    for (const [i, path] of paths.entries()) {
        if (!Array.isArray(path)) throw new InputError(`${at}: sensitive_attributes[${i}] is ${typeOf(path)}, not a list of path steps`);
        if (path.length > DEPTH_LIMIT)
            throw new InputError(`${at}: sensitive_attributes[${i}] has more than ${DEPTH_LIMIT} steps, more than this checker reads`);
        markPath(mask, value, path);
    }
    return mask;
}

/** Checks a raw state file and reads its resource instances. */
export function stateFileOf(doc: Record<string, unknown>, file: string): StateDocument {
    const version = doc.version;
    if (version !== 4) {
        if (typeof version === "number" && version < 4)
            throw new InputError(
                `${file}: is a Terraform state file of version ${version} (Terraform 0.11 or older); this checker reads version 4. ` +
                    "Check the output of `terraform show -json` (Terraform 0.12 or later reads this state) instead",
            );
        throw new InputError(
            `${file}: is a Terraform state file of version ${typeof version === "number" && Number.isSafeInteger(version) ? version : "(unreadable)"}; this checker reads version 4 (Terraform 0.12 and later). ` +
                "Check the output of `terraform show -json` of the state instead",
        );
    }
    if (!Array.isArray(doc.resources)) throw new InputError(`${file}: resources is ${typeOf(doc.resources)}, not a list`);
    const instances: StateInstance[] = [];
    for (const [i, r] of doc.resources.entries()) {
        const where = `${file}: resources[${i}]`;
        if (!isRecord(r)) throw new InputError(`${where} is ${typeOf(r)}, not a resource object`);
        for (const field of ["type", "name", "provider"] as const)
            if (typeof r[field] !== "string") throw new InputError(`${where}: ${field} is ${typeOf(r[field])}, not a string`);
        if (r.module !== undefined && typeof r.module !== "string")
            throw new InputError(`${where}: module is ${typeOf(r.module)}, not a string`);
        if (r.mode !== "managed" && r.mode !== "data") throw new InputError(`${where}: mode is neither "managed" nor "data"`);
        const mode = r.mode;
        const type = r.type as string;
        const base = `${r.module ? `${r.module}.` : ""}${mode === "data" ? "data." : ""}${type}.${r.name as string}`;
        const at = `${file}: resource ${shown(base)}`;
        const provider = parseProviderAddress(r.provider as string);
        if (!provider)
            throw new InputError(
                `${at}: provider is not a provider configuration address (provider["<source>"] with an optional alias and module path), ${(r.provider as string).length} characters`,
            );
        if (!Array.isArray(r.instances)) throw new InputError(`${at}: instances is ${typeOf(r.instances)}, not a list`);
        for (const [j, x] of r.instances.entries()) {
            const inst = `${at}: instances[${j}]`;
            if (!isRecord(x)) throw new InputError(`${inst} is ${typeOf(x)}, not an instance object`);
            const key = x.index_key;
            if (
                key !== undefined &&
                key !== null &&
                typeof key !== "string" &&
                !(typeof key === "number" && Number.isSafeInteger(key) && key >= 0)
            )
                throw new InputError(`${inst}: index_key is ${typeOf(key)}, not a whole number or a string`);
            const address = key === undefined || key === null ? base : `${base}${instanceKeyText(key)}`;
            if (x.deposed !== undefined && typeof x.deposed !== "string")
                throw new InputError(`${inst}: deposed is ${typeOf(x.deposed)}, not a string`);
            const deposed = typeof x.deposed === "string" && x.deposed !== "";
            let values: Record<string, unknown> | undefined;
            if (x.attributes !== undefined && x.attributes !== null) {
                if (!isRecord(x.attributes)) throw new InputError(`${inst}: attributes is ${typeOf(x.attributes)}, not an object`);
                values = x.attributes;
            } else if (x.attributes_flat !== undefined && mode === "managed" && !deposed && own(RESOURCE_MAPPINGS, type)) {
                // Flat attributes need the provider's schema to read: only Terraform can.
                throw new InputError(
                    `${inst}: holds attributes_flat (written by Terraform 0.11 and not applied since), which needs the provider's schema to read; check the output of \`terraform show -json\` of the state instead`,
                );
            }
            let sensitive: unknown;
            if (x.sensitive_attributes !== undefined && x.sensitive_attributes !== null) {
                if (!Array.isArray(x.sensitive_attributes))
                    throw new InputError(`${inst}: sensitive_attributes is ${typeOf(x.sensitive_attributes)}, not a list of paths`);
                if (values && x.sensitive_attributes.length > 0) sensitive = sensitiveMask(values, x.sensitive_attributes, inst);
            }
            instances.push({
                address,
                mode,
                type,
                providerKey: provider.key,
                providerSource: provider.source,
                providerAddress: provider.address,
                values,
                sensitive,
                deposed,
            });
        }
    }
    const serial = typeof doc.serial === "number" && Number.isSafeInteger(doc.serial) ? `, serial ${doc.serial}` : "";
    return {
        form: "file",
        source: `Terraform ${versionShown(doc.terraform_version)} state file (v4${serial})`,
        instances,
        warnings: [],
    };
}

// ---------------------------------------------------------------------------------------------
// The reading

/**
 * Attributes the providers' schemas declare sensitive, by Terraform type, for the pack's types
 * whose key material a state might hold unmarked (a state records the marks its values carried
 * when written; `terraform show -json` of a plan marks these from the schema, as
 * examples/terraform/sensitive-customer-key/plan.json shows). Marked here too, when read.
 */
const SCHEMA_SENSITIVE: Readonly<Record<string, readonly string[]>> = {
    aws_s3_object_copy: ["customer_key", "kms_encryption_context", "kms_key_id", "source_customer_key"],
};

export interface StateReadOptions {
    /** Endpoint URLs by provider configuration key, from the config file's providerEndpoints. */
    readonly overrides?: ReadonlyMap<string, string>;
    /**
     * Provider configurations by key (`aws.obs`, `module.store:aws`), as a reader of the
     * configuration's source would build them (what a plan's provider_config gives the plan
     * reader). A provider found here is used as it is; others are built from what the state holds:
     * nothing but their address, so every argument the readers take is unknown.
     */
    readonly providerConfigs?: ReadonlyMap<string, PulumiProvider>;
}

/** Instances of the state not judged, by why: data sources, deposed objects, others (types the pack does not read). */
export interface NotJudged {
    data: number;
    deposed: number;
    other: number;
}

/** Why a provider argument has no value in a state. */
export const NOT_IN_STATE = "not in the state";

/** A provider configuration as a state shows it: its address, and no argument at all. */
function stateProvider(
    ref: { key: string; source: string; address: string },
    overrides: ReadonlyMap<string, string>,
): PulumiProvider | undefined {
    const terraformType = providerTypeOf(ref.source);
    const mapping = own(PROVIDER_MAPPINGS, terraformType);
    if (!mapping) return undefined;
    const props: Record<string, unknown> = {};
    const unresolved = new Map<string, string>();
    const notes = new Map<string, string>();
    const names = new Map<string, string>();
    for (const [tfName, pulumiArg] of Object.entries(mapping.args)) {
        // One unknown per input (aws's s3_force_path_style is the older name of s3_use_path_style).
        if (names.has(pulumiArg)) continue;
        names.set(pulumiArg, tfName);
        props[pulumiArg] = UNKNOWN_VALUE;
        unresolved.set(tfName, NOT_IN_STATE);
    }
    const override = overrides.get(ref.key);
    if (override !== undefined) applyEndpointOverride(ref.key, mapping, override, { props, unresolved, notes });
    return {
        type: mapping.token,
        urn: printable(ref.address),
        name: printable(ref.key),
        key: ref.key,
        terraformType,
        props,
        names,
        unresolved,
        notes,
        overridden: override !== undefined,
    };
}

/**
 * The resources and provider configurations of a state as the policies read them, with what the
 * reader had to say about it (warnings). Throws InputError for values nested deeper than
 * DEPTH_LIMIT (naming `file` and the resource).
 */
export function readState(
    state: StateDocument,
    file: string,
    options: StateReadOptions = {},
): { reading: PlanReading; warnings: string[]; skipped: NotJudged } {
    const overrides = options.overrides ?? new Map<string, string>();
    const providers = new Map<string, PulumiProvider | undefined>();
    const providerOf = (i: StateInstance): PulumiProvider | undefined => {
        if (providers.has(i.providerKey)) return providers.get(i.providerKey);
        const p =
            options.providerConfigs?.get(i.providerKey) ??
            stateProvider({ key: i.providerKey, source: i.providerSource, address: i.providerAddress }, overrides);
        providers.set(i.providerKey, p);
        return p;
    };
    const resources: PulumiResource[] = [];
    const skipped: NotJudged = { data: 0, deposed: 0, other: 0 };
    for (const i of state.instances) {
        const mapping = own(RESOURCE_MAPPINGS, i.type);
        if (i.mode === "data") skipped.data++;
        else if (i.deposed) skipped.deposed++;
        else if (!mapping || i.values === undefined) skipped.other++;
        if (!mapping || i.mode !== "managed" || i.deposed || i.values === undefined) continue;
        for (const [field, value] of [
            ["values", i.values],
            ["sensitive values", i.sensitive],
        ] as const) {
            if (nestsDeeperThan(value, DEPTH_LIMIT))
                throw new InputError(
                    `${file}: resource ${shown(i.address)}: ${field} nest deeper than ${DEPTH_LIMIT} levels, more than this checker reads`,
                );
        }
        // A wholly sensitive instance is every attribute sensitive (its values stay an object).
        let sensitive: unknown = i.sensitive === true ? Object.fromEntries(Object.keys(i.values).map((k) => [k, true])) : i.sensitive;
        const schemaSensitive = own(SCHEMA_SENSITIVE, i.type);
        if (schemaSensitive) {
            const mask: Record<string, unknown> = isRecord(sensitive) ? { ...sensitive } : {};
            for (const attr of schemaSensitive) setOwn(mask, attr, true);
            sensitive = mask;
        }
        const outputs = pulumiValues(i.values, undefined, sensitive, mapping);
        resources.push(
            twinResource({
                address: i.address,
                terraformType: i.type,
                mapping,
                // The same attributes for resource and stack policies (see the top of this file).
                inputs: { ...outputs },
                outputs,
                provider: providerOf(i),
                namedIn: [i.values],
            }),
        );
    }
    const read = [...providers.values()].filter((p): p is PulumiProvider => p !== undefined);
    const warnings = [...state.warnings];
    for (const key of overrides.keys()) {
        if (providers.has(key)) continue;
        const hint =
            state.form === "show-json" && (key.includes(".") || key.includes(":"))
                ? " (terraform show -json names only each resource's provider type, e.g. aws, not its alias or module: name the type, or check the raw state from terraform state pull)"
                : "";
        warnings.push(
            `${file}: the config file's providerEndpoints names provider ${printable(JSON.stringify(key))}, which no resource of the state that this checker reads uses${hint}`,
        );
    }
    if (state.form === "show-json" && read.length > 0) {
        // Aliases and module providers of one type are one configuration here: said, not hidden.
        const types = [...new Set(read.map((p) => p.name))].join(", ");
        warnings.push(
            `${file}: terraform show -json names each resource's provider by its type only (${types}), not by alias or module: all resources of a type are read as using one provider configuration; the raw state (terraform state pull) tells them apart`,
        );
    }
    return { reading: { resources, providers: read, skipped: skipped.data + skipped.deposed + skipped.other }, warnings, skipped };
}

/** "1 data source", "2 deposed objects". */
function counted(n: number, one: string, many: string): string {
    return `${n} ${n === 1 ? one : many}`;
}

/** The text report's line on what the state holds that was not judged, or none. */
function notJudged(skipped: NotJudged): string[] {
    const parts: string[] = [];
    if (skipped.deposed > 0)
        parts.push(`${counted(skipped.deposed, "deposed object", "deposed objects")} (left by a replacement; Terraform only deletes them)`);
    if (skipped.data > 0) parts.push(counted(skipped.data, "data source", "data sources"));
    if (skipped.other > 0) parts.push(`${counted(skipped.other, "instance", "instances")} of types the pack does not read`);
    return parts.length > 0 ? [`    Not judged: ${parts.join(", ")}.`] : [];
}

/** Checks a state document (a parsed `terraform show -json` state or a raw state file) with the pack's policies. */
export function checkStateDocument(
    doc: Record<string, unknown>,
    form: StateForm,
    file: string,
    input: string,
    config: CheckConfig,
    options: Pick<StateReadOptions, "providerConfigs"> & {
        /** The configuration directory the provider configurations were read from, as shown. */
        readonly sourceShown?: string;
    } = {},
): { report: InputReport; warnings: string[] } {
    const state = form === "file" ? stateFileOf(doc, file) : stateJsonOf(doc, file);
    const { reading, warnings, skipped } = readState(state, file, { overrides: config.providerEndpoints, ...options });
    const withSource = options.sourceShown !== undefined;
    const report = checkReading(reading, config, {
        input,
        kind: "terraform-state",
        withSource,
        heading: {
            shownAs: input,
            source: withSource ? `${state.source}, with its configuration ${options.sourceShown}` : state.source,
            providers: reading.providers.length,
        },
        preamble: notJudged(skipped),
    });
    return { report, warnings };
}
