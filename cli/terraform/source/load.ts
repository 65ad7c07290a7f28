// A Terraform configuration directory read as a plan would read it, without a plan: the module tree
// (local modules, and registry or remote ones that `terraform init` installed), each module
// instance's variables and locals, resources expanded by count and for_each, and provider
// configurations wired as Terraform wires them (`provider = aws.obs`, `providers = {...}`,
// defaults inherited by child modules). Expressions are evaluated by the HCL evaluator; what
// only apply can know (resource attributes, data sources) is unknown and says why. The result is a
// PlanReading, checked by the same code as a plan's.
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import type { SourceLocation } from "../../../policies/finding";
import { printable } from "../../../policies/printable";
import { Sensitive } from "../../../policies/values";
import { InputError } from "../../inputError";
import { evaluate, EvalError, Unknown, type EvalScope, type HclValue } from "../hcl/evaluate";
import type { HclNode } from "../hcl/parser";
import { own, setOwn } from "../expressions";
import { collectNames, PROVIDER_MAPPINGS, providerTypeOf, RESOURCE_MAPPINGS } from "../mapping";
import {
    convertValue,
    linkDependencies,
    providerAddress,
    providerFromArguments,
    type DependencySource,
    type PlanReading,
    type ProviderArgument,
    type PulumiProvider,
    type PulumiResource,
    type SourceSpans,
} from "../resources";
import { readModuleFiles, shownPath } from "./files";
import {
    impliedProviderName,
    moduleConfig,
    providerSourceOf,
    type ModuleCallBlock,
    type ModuleConfig,
    type ProviderBlock,
    type ResourceBlock,
} from "./module";
import { bodyItems, objectElements, positionOf, referencesOf, traversalText } from "./syntax";
import { declared, defaultOf, rootVariableValues, type VariableSetting } from "./variables";

export interface SourceOptions {
    /** Where findings' file paths are relative to. */
    readonly cwd: string;
    /** TF_VAR_<name> variables are read from it. */
    readonly env: Readonly<Record<string, string | undefined>>;
    /** --var and --var-file, in command-line order. */
    readonly variables: readonly VariableSetting[];
    /**
     * The root variables' values as a plan records them (`variables.<name>.value`): used instead of
     * every other source, so that the source is evaluated as the plan was.
     */
    readonly planVariables?: Readonly<Record<string, unknown>>;
    /** The --config file's providerEndpoints, by provider configuration key. */
    readonly overrides: ReadonlyMap<string, string>;
}

export interface SourceLoad {
    readonly reading: PlanReading;
    /** Things not read, said on standard error (never values). */
    readonly warnings: string[];
    /** `.tf` files read, over every module directory. */
    readonly files: number;
    /** Those files, relative to the working directory (their suppression comments are read). */
    readonly sourceFiles: readonly string[];
    /** Module directories read (the root included). */
    readonly modules: number;
    /** Provider configurations by key, with their evaluated arguments and location (for plans read with their source). */
    readonly providerArguments: ReadonlyMap<
        string,
        { readonly args: ReadonlyMap<string, ProviderArgument>; readonly location: SourceSpans }
    >;
    /** Resource blocks' locations by static address (module names and `type.name`, no instance keys). */
    readonly resourceLocations: ReadonlyMap<string, SourceSpans>;
}

/** Modules nested deeper than this are refused (a module that calls itself through `../`). */
const MODULE_DEPTH_LIMIT = 64;

/** Arguments of a resource block that are Terraform's, not the resource type's. */
const RESOURCE_META = new Set(["count", "for_each", "provider", "depends_on"]);
const RESOURCE_META_BLOCKS = new Set(["lifecycle", "provisioner", "connection"]);

/** `[0]`, `["key"]`: an instance key as Terraform writes it in addresses. */
export function instanceKey(key: number | string): string {
    return typeof key === "number" ? `[${key}]` : `[${JSON.stringify(key)}]`;
}

/** An address without its instance keys: `module.a["k"].aws_s3_object.o[0]` → `module.a.aws_s3_object.o`. */
export function staticAddress(address: string): string {
    return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+|\*)\]/g, "");
}

function locationOf(file: string, node: HclNode): SourceLocation {
    return { file, ...positionOf(node) };
}

function extend(scope: EvalScope, extra: Readonly<Record<string, HclValue>>): EvalScope {
    return { lookup: (root) => (Object.hasOwn(extra, root) ? extra[root] : scope.lookup(root)) };
}

function unwrapSensitive(v: HclValue): HclValue {
    let x = v;
    while (x instanceof Sensitive) x = x.value as HclValue;
    return x;
}

function isObject(v: HclValue): v is { [key: string]: HclValue } {
    return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Unknown) && !(v instanceof Sensitive);
}

/**
 * The module's locals in an order where each comes after the locals it refers to; a cycle is bad
 * input (Terraform refuses it too), named by its locals.
 */
function localOrder(config: ModuleConfig): string[] {
    const order: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string, trail: string[]): void => {
        const decl = config.locals.get(name);
        if (!decl || state.get(name) === "done") return;
        if (state.get(name) === "visiting") {
            const cycle = trail.slice(trail.indexOf(name));
            throw new InputError(
                `${decl.file}:${positionOf(decl.node).line}: local values refer to each other in a cycle: ${cycle.map((n) => `local.${printable(n)}`).join(" → ")} → local.${printable(name)}`,
            );
        }
        state.set(name, "visiting");
        for (const ref of referencesOf(decl.expression)) if (ref[0] === "local" && ref[1] !== undefined) visit(ref[1], [...trail, name]);
        state.set(name, "done");
        order.push(name);
    };
    for (const name of config.locals.keys()) visit(name, []);
    return order;
}

const localOrders = new WeakMap<ModuleConfig, string[]>();

/** localOrder, once per module (every instance of it shares the order). */
function checkLocalCycles(config: ModuleConfig): string[] {
    let order = localOrders.get(config);
    if (!order) {
        order = localOrder(config);
        localOrders.set(config, order);
    }
    return order;
}

const managedNames = new WeakMap<ModuleConfig, ReadonlySet<string>>();

/** The module's managed resources as `type.name`. */
function managedNamesOf(config: ModuleConfig): ReadonlySet<string> {
    let names = managedNames.get(config);
    if (!names) {
        names = new Set(config.resources.filter((r) => r.mode === "managed").map((r) => `${r.type}.${r.name}`));
        managedNames.set(config, names);
    }
    return names;
}

const instanceReferences = new WeakMap<object, Map<number, boolean>>();

/** Whether an expression refers to `count` or `each` (its value differs between a block's instances). */
function refersToInstance(expression: HclNode): boolean {
    let byId = instanceReferences.get(expression.tree);
    if (!byId) instanceReferences.set(expression.tree, (byId = new Map<number, boolean>()));
    let refers = byId.get(expression.id);
    if (refers === undefined) {
        // By the text (one call into the parser, not a walk of the tree): a false match only means evaluating once more.
        refers = /\b(?:count|each|self)\s*\./.test(expression.text);
        byId.set(expression.id, refers);
    }
    return refers;
}

/** One instance of count or for_each: its key and what `count` / `each` read. */
interface Expansion {
    readonly key?: number | string;
    /** `[*]` when the instances cannot be known: judged once for all of them. */
    readonly suffix: string;
    readonly extra: Readonly<Record<string, HclValue>>;
}

class Loader {
    private readonly configs = new Map<string, ModuleConfig>();
    readonly warnings: string[] = [];
    private installed: Map<string, string> | undefined;
    readonly resources: PulumiResource[] = [];
    readonly dependencySources: DependencySource[] = [];
    readonly providers = new Map<string, PulumiProvider | undefined>();
    readonly providerArguments = new Map<string, { args: Map<string, ProviderArgument>; location: SourceSpans }>();
    readonly resourceLocations = new Map<string, SourceSpans>();
    skipped = 0;

    constructor(
        readonly rootDir: string,
        readonly options: SourceOptions,
    ) {}

    /** Evaluates an expression of `file`; an evaluation error is bad input named by file, line and column. */
    evaluate(node: HclNode, scope: EvalScope, file: string): HclValue {
        try {
            return evaluate(node, scope);
        } catch (e) {
            if (e instanceof EvalError) throw new InputError(`${file}:${e.line}:${e.column}: ${e.message}`);
            throw e;
        }
    }

    async config(dir: string): Promise<ModuleConfig> {
        let c = this.configs.get(dir);
        if (!c) {
            const { files, unread } = await readModuleFiles(dir, this.options.cwd);
            c = moduleConfig(shownPath(dir, this.options.cwd), files, unread);
            checkLocalCycles(c);
            for (const u of unread)
                this.warnings.push(`${u}: not read (JSON configuration and override files are not evaluated); its blocks are not checked`);
            this.configs.set(dir, c);
        }
        return c;
    }

    /** Every .tf file read, as findings name them (relative to the working directory). */
    get sourceFiles(): string[] {
        return [...this.configs.values()].flatMap((c) => c.files.map((f) => f.shown));
    }

    get fileCount(): number {
        let n = 0;
        for (const c of this.configs.values()) n += c.files.length;
        return n;
    }

    get moduleCount(): number {
        return this.configs.size;
    }

    /** Module directories `terraform init` installed, by module key (`store`, `store.nested`). */
    private installedModules(): Map<string, string> {
        if (this.installed) return this.installed;
        this.installed = new Map();
        const manifest = path.join(this.rootDir, ".terraform", "modules", "modules.json");
        if (!existsSync(manifest)) return this.installed;
        let doc: unknown;
        try {
            doc = JSON.parse(readFileSync(manifest, "utf-8")) as unknown;
        } catch {
            this.warnings.push(`${shownPath(manifest, this.options.cwd)}: is not JSON; modules installed by terraform init are not read`);
            return this.installed;
        }
        const modules = typeof doc === "object" && doc !== null && "Modules" in doc ? doc.Modules : undefined;
        if (!Array.isArray(modules)) return this.installed;
        for (const m of modules as unknown[]) {
            if (typeof m !== "object" || m === null) continue;
            const { Key: key, Dir: dir } = m as { Key?: unknown; Dir?: unknown };
            if (typeof key === "string" && typeof dir === "string") this.installed.set(key, path.resolve(this.rootDir, dir));
        }
        return this.installed;
    }

    /** The directory a module call's source names, or undefined (with a warning) when it cannot be read. */
    moduleDir(instance: Instance, call: ModuleCallBlock): string | undefined {
        const address = `${instance.address ? `${instance.address}.` : ""}module.${call.name}`;
        const source = call.source;
        if (source !== undefined && (source.startsWith("./") || source.startsWith("../"))) {
            const dir = path.resolve(instance.dir, source);
            if (!existsSync(dir) || !statSync(dir).isDirectory())
                throw new InputError(
                    `${call.file}:${positionOf(call.node).line}: module "${printable(call.name)}": its source directory ${printable(source)} does not exist`,
                );
            return dir;
        }
        const key = [...instance.staticPath, call.name].join(".");
        const installed = this.installedModules().get(key);
        if (installed !== undefined && existsSync(installed)) return installed;
        this.warnings.push(
            `${printable(staticAddress(address))} (${call.file}:${positionOf(call.node).line}): not read: its source is not a local directory and .terraform/modules/modules.json does not list it (run terraform init); the resources of that module are not checked`,
        );
        return undefined;
    }
}

/** One instance of a module: its configuration, address, and the values its expressions see. */
class Instance {
    private variableValues: Record<string, HclValue> | undefined;
    private localValues: Record<string, HclValue> | undefined;
    private localsInProgress = false;
    private moduleValues: Record<string, HclValue> | undefined;
    private modulesInProgress = false;
    private outputValues: Record<string, HclValue> | undefined;
    private outputsInProgress = false;
    readonly children: Array<{
        call: ModuleCallBlock;
        instances: Instance[] | undefined;
        expansion: "single" | "count" | "for_each" | "unknown";
    }> = [];
    readonly scope: EvalScope;

    constructor(
        readonly loader: Loader,
        readonly config: ModuleConfig,
        readonly dir: string,
        /** `module.a["k"].module.b`; "" for the root. */
        readonly address: string,
        /** Module call names from the root, without instance keys. */
        readonly staticPath: readonly string[],
        private readonly rootValues: ReadonlyMap<string, HclValue> | undefined,
        readonly parent?: Instance,
        readonly call?: ModuleCallBlock,
        /** What `count` / `each` read in the module call's arguments. */
        private readonly callExtra: Readonly<Record<string, HclValue>> = {},
    ) {
        this.scope = { lookup: (root) => this.lookup(root) };
    }

    /** `module.a.module.b:` for provider keys; "" at the root. */
    get providerPrefix(): string {
        return this.staticPath.length === 0 ? "" : `${this.staticPath.map((n) => `module.${n}`).join(".")}:`;
    }

    private lookup(root: string): HclValue | undefined {
        switch (root) {
            case "var":
                return this.variables();
            case "local":
                return this.localsInProgress ? new Unknown("local values that depend on themselves through a module") : this.locals();
            case "module":
                return this.modulesInProgress
                    ? new Unknown("a module output that depends on itself through module arguments")
                    : this.modules();
            case "data":
                return this.dataSources();
            case "path":
                return {
                    module: shownPath(this.dir, this.loader.rootDir),
                    root: ".",
                    cwd: this.loader.rootDir,
                };
            case "terraform":
                return { workspace: this.loader.options.env.TF_WORKSPACE ?? "default" };
            default:
                return this.managedResources(root);
        }
    }

    private variables(): Record<string, HclValue> {
        if (this.variableValues) return this.variableValues;
        const out: Record<string, HclValue> = {};
        for (const decl of this.config.variables.values()) {
            let value: HclValue | undefined;
            if (this.parent && this.call) {
                const arg = this.call.args.get(decl.name);
                if (arg) value = this.loader.evaluate(arg.expression, extend(this.parent.scope, this.callExtra), this.call.file);
            } else value = this.rootValues?.get(decl.name);
            value ??= defaultOf(decl);
            if (value === undefined)
                value = new Unknown(
                    this.parent
                        ? `var.${decl.name} of ${staticAddress(this.address)}, which the module call does not set and which has no default`
                        : `var.${decl.name}, which has no value: give it one with --var ${decl.name}=VALUE or a .tfvars file`,
                );
            setOwn(out, decl.name, declared(decl, value));
        }
        this.variableValues = out;
        return out;
    }

    private locals(): Record<string, HclValue> {
        if (this.localValues) return this.localValues;
        this.localsInProgress = true;
        const out: Record<string, HclValue> = {};
        const scope = extend(this.scope, { local: out });
        try {
            // In dependency order (the module's locals were checked for cycles when it was read).
            for (const name of checkLocalCycles(this.config)) {
                const decl = this.config.locals.get(name)!;
                setOwn(out, name, this.loader.evaluate(decl.expression, scope, decl.file));
            }
        } finally {
            this.localsInProgress = false;
        }
        this.localValues = out;
        return out;
    }

    private dataValues: Record<string, HclValue> | undefined;
    private resourceValues: Map<string, Record<string, HclValue>> | undefined;

    private dataSources(): Record<string, HclValue> {
        if (this.dataValues) return this.dataValues;
        const out: Record<string, HclValue> = {};
        this.dataValues = out;
        for (const r of this.config.resources) {
            if (r.mode !== "data") continue;
            const byName = (own(out, r.type) as Record<string, HclValue> | undefined) ?? {};
            setOwn(byName, r.name, new Unknown(`data.${r.type}.${r.name}, which Terraform reads from the cloud when it plans`));
            setOwn(out, r.type, byName);
        }
        return out;
    }

    /** `aws_s3_bucket` → { b: Unknown }: every resource of the type, whose attributes are not read (known after apply). */
    private managedResources(type: string): HclValue | undefined {
        if (!this.resourceValues) {
            this.resourceValues = new Map();
            for (const r of this.config.resources) {
                if (r.mode !== "managed") continue;
                let byName = this.resourceValues.get(r.type);
                if (!byName) this.resourceValues.set(r.type, (byName = {}));
                setOwn(
                    byName,
                    r.name,
                    new Unknown(`${r.type}.${r.name}, whose attributes this check does not read from other resources (known after apply)`),
                );
            }
        }
        return this.resourceValues.get(type);
    }

    private modules(): Record<string, HclValue> {
        if (this.moduleValues) return this.moduleValues;
        this.modulesInProgress = true;
        const out: Record<string, HclValue> = {};
        try {
            for (const child of this.children) {
                const name = child.call.name;
                if (child.instances === undefined) {
                    setOwn(out, name, new Unknown(`module.${name}, which is not read`));
                } else if (child.expansion === "unknown") {
                    setOwn(out, name, new Unknown(`module.${name}, whose count or for_each is not known`));
                } else if (child.expansion === "count") {
                    out[name] = child.instances.map((i) => i.outputs());
                } else if (child.expansion === "for_each") {
                    const byKey: Record<string, HclValue> = {};
                    for (const i of child.instances) setOwn(byKey, String(i.key), i.outputs());
                    setOwn(out, name, byKey);
                } else setOwn(out, name, child.instances[0]?.outputs() ?? null);
            }
        } finally {
            this.modulesInProgress = false;
        }
        this.moduleValues = out;
        return out;
    }

    key?: number | string;

    outputs(): Record<string, HclValue> | Unknown {
        if (this.outputValues) return this.outputValues;
        if (this.outputsInProgress) return new Unknown(`the outputs of ${staticAddress(this.address)}, which depend on themselves`);
        this.outputsInProgress = true;
        const out: Record<string, HclValue> = {};
        try {
            for (const o of this.config.outputs.values()) {
                if (!o.expression) continue;
                const v = this.loader.evaluate(o.expression, this.scope, o.file);
                setOwn(out, o.name, o.sensitive && v !== null && !(v instanceof Sensitive) ? new Sensitive(v) : v);
            }
        } finally {
            this.outputsInProgress = false;
        }
        this.outputValues = out;
        return out;
    }
}

/** The instances count or for_each make, or one for a block with neither. */
function expansions(
    loader: Loader,
    countNode: HclNode | undefined,
    forEachNode: HclNode | undefined,
    scope: EvalScope,
    file: string,
    what: string,
): Expansion[] {
    if (countNode) {
        const count = unwrapSensitive(loader.evaluate(countNode, scope, file));
        if (count instanceof Unknown) {
            loader.warnings.push(
                `${file}:${positionOf(countNode).line}: the count of ${printable(what)} is not known (${printable(count.why)}): its instances are judged once, as ${printable(what)}[*]`,
            );
            return [{ suffix: "[*]", extra: { count: { index: new Unknown(`count.index of ${what}, whose count is not known`) } } }];
        }
        if (typeof count !== "number" || !Number.isInteger(count) || count < 0)
            throw new InputError(`${file}:${positionOf(countNode).line}: the count of ${printable(what)} is not a whole number`);
        return Array.from({ length: count }, (_, index) => ({ key: index, suffix: `[${index}]`, extra: { count: { index } } }));
    }
    if (forEachNode) {
        const forEach = unwrapSensitive(loader.evaluate(forEachNode, scope, file));
        const unknownKeys = (why: string): Expansion[] => {
            loader.warnings.push(
                `${file}:${positionOf(forEachNode).line}: the for_each of ${printable(what)} is not known (${printable(why)}): its instances are judged once, as ${printable(what)}[*]`,
            );
            const each = new Unknown(`each of ${what}, whose for_each is not known`);
            return [{ suffix: "[*]", extra: { each: { key: each, value: each } } }];
        };
        if (forEach instanceof Unknown) return unknownKeys(forEach.why);
        if (Array.isArray(forEach)) {
            const keys = forEach.map(unwrapSensitive);
            const unknown = keys.find((k): k is Unknown => k instanceof Unknown);
            if (unknown) return unknownKeys(unknown.why);
            if (!keys.every((k): k is string => typeof k === "string"))
                throw new InputError(
                    `${file}:${positionOf(forEachNode).line}: the for_each of ${printable(what)} is a collection of values that are not all strings; Terraform takes a map or a set of strings`,
                );
            return [...new Set(keys)].sort().map((key) => ({ key, suffix: instanceKey(key), extra: { each: { key, value: key } } }));
        }
        if (isObject(forEach))
            return Object.keys(forEach)
                .sort()
                .map((key) => ({ key, suffix: instanceKey(key), extra: { each: { key, value: forEach[key] ?? null } } }));
        throw new InputError(
            `${file}:${positionOf(forEachNode).line}: the for_each of ${printable(what)} is not a map or a set of strings`,
        );
    }
    return [{ suffix: "", extra: {} }];
}

/**
 * A body's arguments and nested blocks as a Terraform value: attributes by name, nested blocks as
 * lists of objects by block type (`dynamic` blocks expanded), with each argument's position by
 * Terraform path (`rule.apply_server_side_encryption_by_default.sse_algorithm`) in `locations`.
 * `only` limits the top level to the names the reader needs (a provider's credentials are never
 * evaluated).
 */
function evaluateBody(
    loader: Loader,
    body: HclNode | undefined,
    scope: EvalScope,
    file: string,
    prefix: string,
    locations: Map<string, SourceLocation>,
    options: {
        readonly skip?: ReadonlySet<string>;
        readonly skipBlocks?: ReadonlySet<string>;
        readonly only?: ReadonlySet<string>;
        /**
         * Values of arguments that do not refer to `count` or `each`, by node id, shared by the
         * instances of one block (each is evaluated once, not once per instance).
         */
        readonly shared?: Map<number, HclValue>;
    } = {},
): Record<string, HclValue> {
    const out: Record<string, HclValue> = {};
    const { attributes, blocks } = bodyItems(body);
    const shared = options.shared;
    for (const a of attributes) {
        if (options.skip?.has(a.name) || (options.only && !options.only.has(a.name))) continue;
        const p = `${prefix}${a.name}`;
        let value = shared?.get(a.node.id);
        if (value === undefined) {
            value = loader.evaluate(a.expression, scope, file);
            if (shared && !refersToInstance(a.expression)) shared.set(a.node.id, value);
        }
        setOwn(out, a.name, value);
        if (!locations.has(p)) {
            locations.set(p, locationOf(file, a.node));
            for (const e of a.expression.text.trimStart().startsWith("{") ? (objectElements(a.expression) ?? []) : [])
                if (!locations.has(`${p}.${e.key}`)) locations.set(`${p}.${e.key}`, locationOf(file, e.keyNode));
        }
    }
    const append = (type: string, value: HclValue) => {
        const list = own(out, type);
        if (Array.isArray(list)) list.push(value);
        else if (!(list instanceof Unknown)) setOwn(out, type, [value]);
    };
    for (const b of blocks) {
        if (b.type === "dynamic") {
            const type = b.labels[0];
            if (type === undefined || options.skipBlocks?.has(type) || (options.only && !options.only.has(type))) continue;
            const p = `${prefix}${type}`;
            if (!locations.has(p)) locations.set(p, locationOf(file, b.node));
            const attrs = bodyItems(b.body).attributes;
            const forEachNode = attrs.find((a) => a.name === "for_each")?.expression;
            const iteratorNode = attrs.find((a) => a.name === "iterator")?.expression;
            const iterator = (iteratorNode && traversalText(iteratorNode)) ?? type;
            const content = bodyItems(b.body).blocks.find((c) => c.type === "content");
            if (!forEachNode || !content) continue;
            const forEach = unwrapSensitive(loader.evaluate(forEachNode, scope, file));
            if (forEach instanceof Unknown) {
                setOwn(out, type, new Unknown(`the dynamic "${type}" blocks, whose for_each is built from ${forEach.why}`));
                continue;
            }
            const items: Array<[HclValue, HclValue]> = Array.isArray(forEach)
                ? forEach.map((v, i) => [i, v])
                : isObject(forEach)
                  ? Object.keys(forEach)
                        .sort()
                        .map((k) => [k, forEach[k] ?? null])
                  : [];
            if (items.length === 0 && own(out, type) === undefined) setOwn(out, type, []);
            for (const [key, value] of items)
                append(type, evaluateBody(loader, content.body, extend(scope, { [iterator]: { key, value } }), file, `${p}.`, locations));
            continue;
        }
        if (options.skipBlocks?.has(b.type) || (options.only && !options.only.has(b.type))) continue;
        const p = `${prefix}${b.type}`;
        if (!locations.has(p)) locations.set(p, locationOf(file, b.node));
        append(b.type, evaluateBody(loader, b.body, scope, file, `${p}.`, locations, shared ? { shared } : {}));
    }
    return out;
}

interface ResolvedProvider {
    /** The configuration key as plan JSON writes it: `aws`, `aws.obs`, `module.legacy:aws`. */
    readonly key: string;
    readonly block?: ProviderBlock;
    /** The module instance that declares the block (the root for an implied default configuration). */
    readonly declaring: Instance;
    readonly sourceAddress: string;
}

/**
 * The provider configuration a reference (`aws`, `aws.obs`) in a module instance means: a block of
 * that module; else what the module call's `providers` passes for it; else, for a default
 * configuration, the parent's default of the same name (inherited); at the root, an implied
 * configuration without arguments.
 */
function resolveProvider(instance: Instance, ref: string): ResolvedProvider {
    const dot = ref.indexOf(".");
    const localName = dot < 0 ? ref : ref.slice(0, dot);
    const alias = dot < 0 ? undefined : ref.slice(dot + 1);
    const block = instance.config.providers.find((p) => p.localName === localName && p.alias === alias);
    if (block)
        return {
            key: `${instance.providerPrefix}${ref}`,
            block,
            declaring: instance,
            sourceAddress: providerSourceOf(instance.config, localName),
        };
    const passed = instance.call?.providers?.get(ref);
    if (instance.parent && passed !== undefined) return resolveProvider(instance.parent, passed);
    if (instance.parent && alias === undefined) return resolveProvider(instance.parent, ref);
    return { key: `${instance.providerPrefix}${ref}`, declaring: instance, sourceAddress: providerSourceOf(instance.config, localName) };
}

function providerOf(loader: Loader, resolved: ResolvedProvider): PulumiProvider | undefined {
    if (loader.providers.has(resolved.key)) return loader.providers.get(resolved.key);
    const terraformType = providerTypeOf(resolved.sourceAddress);
    const mapping = own(PROVIDER_MAPPINGS, terraformType);
    let provider: PulumiProvider | undefined;
    if (mapping) {
        const attributes = new Map<string, SourceLocation>();
        const args = new Map<string, ProviderArgument>();
        const block = resolved.block;
        if (block) {
            const values = evaluateBody(loader, block.body, resolved.declaring.scope, block.file, "", attributes, {
                only: new Set(Object.keys(mapping.args)),
            });
            for (const [name, value] of Object.entries(values)) args.set(name, { value });
        }
        const location: SourceSpans | undefined = block && { block: locationOf(block.file, block.node), attributes };
        if (location) loader.providerArguments.set(resolved.key, { args, location });
        provider = providerFromArguments({
            key: resolved.key,
            urn: providerAddress(resolved.key, undefined, resolved.sourceAddress),
            terraformType,
            mapping,
            args,
            override: loader.options.overrides.get(resolved.key),
            ...(location !== undefined && { location }),
        });
    }
    loader.providers.set(resolved.key, provider);
    return provider;
}

async function instantiate(loader: Loader, instance: Instance, depth: number): Promise<void> {
    if (depth > MODULE_DEPTH_LIMIT)
        throw new InputError(
            `${printable(staticAddress(instance.address))}: modules nest deeper than ${MODULE_DEPTH_LIMIT} levels (does a module call itself?)`,
        );
    // Every provider block of the module is a configuration of the plan, used or not.
    for (const p of instance.config.providers)
        providerOf(loader, resolveProvider(instance, p.alias === undefined ? p.localName : `${p.localName}.${p.alias}`));
    for (const r of instance.config.resources) readResource(loader, instance, r);
    for (const call of instance.config.moduleCalls.values()) {
        const dir = loader.moduleDir(instance, call);
        const base = `${instance.address ? `${instance.address}.` : ""}module.${call.name}`;
        if (dir === undefined) {
            instance.children.push({ call, instances: undefined, expansion: "single" });
            continue;
        }
        const config = await loader.config(dir);
        const list = expansions(loader, call.count, call.forEach, instance.scope, call.file, base);
        const children = list.map((x) => {
            const child = new Instance(
                loader,
                config,
                dir,
                `${base}${x.suffix}`,
                [...instance.staticPath, call.name],
                undefined,
                instance,
                call,
                x.extra,
            );
            if (x.key !== undefined) child.key = x.key;
            return child;
        });
        instance.children.push({
            call,
            instances: children,
            expansion: call.count
                ? list[0]?.suffix === "[*]"
                    ? "unknown"
                    : "count"
                : call.forEach
                  ? list[0]?.suffix === "[*]"
                      ? "unknown"
                      : "for_each"
                  : "single",
        });
        for (const child of children) await instantiate(loader, child, depth + 1);
    }
}

function readResource(loader: Loader, instance: Instance, r: ResourceBlock): void {
    const mapping = own(RESOURCE_MAPPINGS, r.type);
    if (r.mode !== "managed" || !mapping) {
        loader.skipped++;
        return;
    }
    const base = `${instance.address ? `${instance.address}.` : ""}${r.type}.${r.name}`;
    const blockLocation = locationOf(r.file, r.node);
    const staticKey = staticAddress(base);
    const provider = providerOf(loader, resolveProvider(instance, r.provider ?? impliedProviderName(r.type)));
    // Resources of this module that `bucket` and `source` refer to (module-relative `type.name`).
    const attrs = new Map(bodyItems(r.body).attributes.map((a) => [a.name, a.expression]));
    const managed = managedNamesOf(instance.config);
    const found = new Map<string, string[]>();
    const references = (attr: string): string[] => {
        let refs = found.get(attr);
        if (refs === undefined) {
            const expression = attrs.get(attr);
            refs = expression
                ? [
                      ...new Set(
                          referencesOf(expression).flatMap((c) =>
                              c.length >= 2 && managed.has(`${c[0]}.${c[1]}`) ? [`${c[0]}.${c[1]}`] : [],
                          ),
                      ),
                  ]
                : [];
            found.set(attr, refs);
        }
        return refs;
    };
    // One map of argument positions for every instance of the block; values that do not depend on the instance, evaluated once.
    const attributes = new Map<string, SourceLocation>();
    const shared = new Map<number, HclValue>();
    for (const x of expansions(loader, r.count, r.forEach, instance.scope, r.file, base)) {
        const value = evaluateBody(loader, r.body, extend(instance.scope, x.extra), r.file, "", attributes, {
            skip: RESOURCE_META,
            skipBlocks: RESOURCE_META_BLOCKS,
            shared,
        });
        const location: SourceSpans = { block: blockLocation, attributes };
        if (!loader.resourceLocations.has(staticKey)) loader.resourceLocations.set(staticKey, location);
        const inputs = convertValue(value, mapping) as Record<string, unknown>;
        const address = printable(`${base}${x.suffix}`);
        let names: Map<string, string> | undefined;
        loader.resources.push({
            type: mapping.token,
            urn: address,
            name: address,
            terraformType: r.type,
            inputs,
            // What a plan adds to the outputs are computed attributes, unknown at plan time: not
            // read here, as the policies read an absent attribute as they read an unknown one.
            outputs: inputs,
            provider,
            propertyDependencies: {},
            names() {
                if (names === undefined) {
                    names = new Map<string, string>();
                    collectNames(value, mapping, names);
                    if (provider) for (const [pulumi, tf] of provider.names) names.set(pulumi, tf);
                }
                return names;
            },
            location,
        });
        loader.dependencySources.push({
            moduleAddress: instance.address,
            type: r.type,
            name: r.name,
            ...(x.key !== undefined && { index: x.key }),
            references,
        });
    }
}

/** Reads a configuration directory (the root module) and everything it calls. */
export async function loadSource(rootDir: string, options: SourceOptions): Promise<SourceLoad> {
    const loader = new Loader(rootDir, options);
    const config = await loader.config(rootDir);
    if (config.files.length === 0 && config.unread.length === 0)
        throw new InputError(`${shownPath(rootDir, options.cwd)}: holds no Terraform configuration (.tf) files`);
    let rootValues: Map<string, HclValue>;
    if (options.planVariables !== undefined) {
        rootValues = new Map();
        for (const [name, entry] of Object.entries(options.planVariables))
            if (typeof entry === "object" && entry !== null && "value" in entry) rootValues.set(name, (entry as { value: HclValue }).value);
    } else {
        const found = await rootVariableValues(config, rootDir, options.cwd, options.env, options.variables);
        loader.warnings.push(...found.warnings);
        rootValues = new Map([...found.values].map(([name, v]) => [name, v.value]));
    }
    const root = new Instance(loader, config, rootDir, "", [], rootValues);
    await instantiate(loader, root, 0);
    linkDependencies(loader.resources, loader.dependencySources);
    for (const key of options.overrides.keys())
        if (!loader.providers.has(key))
            throw new InputError(
                `config: obs-sse-check.providerEndpoints names provider ${printable(JSON.stringify(key))}, which is not a provider configuration of this Terraform configuration`,
            );
    const providers = [...loader.providers.values()].filter((p): p is PulumiProvider => p !== undefined);
    return {
        reading: { resources: loader.resources, providers, skipped: loader.skipped },
        warnings: loader.warnings,
        files: loader.fileCount,
        sourceFiles: loader.sourceFiles,
        modules: loader.moduleCount,
        providerArguments: loader.providerArguments,
        resourceLocations: loader.resourceLocations,
    };
}
