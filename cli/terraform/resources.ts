// Turns a plan into what the policies read: each resource instance as its Pulumi twin (type token,
// inputs for resource policies, outputs for stack policies), linked to its provider configuration,
// and each provider configuration as a Pulumi provider resource. Values unknown at plan time
// become the core's UNKNOWN_VALUE mark; sensitive values are wrapped in
// the policy SDK's `Secret`, as a preview hands over Pulumi secrets. Names read from the plan
// (addresses, keys) pass through `printable` here, where they are read.
import type { SourceLocation } from "../../policies/finding";
import { printable } from "../../policies/printable";
import { Sensitive, UNKNOWN_VALUE } from "../../policies/values";
import {
    DEPTH_LIMIT,
    PlanContentError,
    evaluate,
    firstUnresolved,
    moduleNamesOf,
    nestsDeeperThan,
    own,
    scopeAt,
    setOwn,
    unknownWhy,
} from "./expressions";
import {
    PROVIDER_MAPPINGS,
    RESOURCE_MAPPINGS,
    collectNamePairs,
    collectNames,
    providerTypeOf,
    pulumiName,
    type ProviderMapping,
    type ResourceMapping,
} from "./mapping";
import {
    InputError,
    isRecord,
    resourceChangesOf,
    type ConfigModule,
    type ConfigResource,
    type Expression,
    type Plan,
    type ProviderConfig,
    type ResourceChange,
} from "./plan";

/** Where a resource or provider block is written in the Terraform source, when the reading knows it. */
export interface SourceSpans {
    /** The block's first line. */
    readonly block: SourceLocation;
    /** Arguments the configuration sets, by Terraform path (`kms_key_id`, `endpoints.s3`). */
    readonly attributes?: ReadonlyMap<string, SourceLocation>;
}

export interface PulumiProvider {
    readonly type: string;
    /** The provider's Terraform address, e.g. `provider["registry.terraform.io/hashicorp/aws"].obs` (printable). */
    readonly urn: string;
    /** The provider configuration key, e.g. `aws.obs` or `module.store:aws` (printable). */
    readonly name: string;
    /** The configuration key as the plan writes it (for the config file's providerEndpoints). */
    readonly key: string;
    /** The Terraform provider type, e.g. `aws`. */
    readonly terraformType: string;
    readonly props: Record<string, unknown>;
    /** Pulumi input name → Terraform argument name, for the arguments the configuration sets. */
    readonly names: ReadonlyMap<string, string>;
    /**
     * Arguments whose value plan JSON does not hold (anything but a constant), by Terraform name
     * with the path inside it (`endpoints[0].s3`), with what they are built from.
     */
    readonly unresolved: ReadonlyMap<string, string>;
    /** How arguments not written as constants were read (scheme and host taken from a variable), by argument. */
    readonly notes: ReadonlyMap<string, string>;
    /** Whether the endpoint came from the config file's override. */
    readonly overridden: boolean;
    /** Where the provider block is written (source directories, and plans read with their source). */
    readonly location?: SourceSpans;
}

export interface PulumiResource {
    readonly type: string;
    /** The Terraform address (printable), which also serves as the URN. */
    readonly urn: string;
    readonly name: string;
    readonly terraformType: string;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly provider?: PulumiProvider | undefined;
    /** Resources (by URN) that `bucket` and `source` refer to, for the stack view. */
    readonly propertyDependencies: Record<string, string[]>;
    /** Pulumi input name → Terraform attribute name, for messages. */
    names(): ReadonlyMap<string, string>;
    /** Where the resource block is written (source directories, and plans read with their source). */
    readonly location?: SourceSpans;
}

export interface PlanReading {
    readonly resources: PulumiResource[];
    readonly providers: PulumiProvider[];
    /** Instances not judged, with why (deletes, data sources, types the pack does not read). */
    readonly skipped: number;
}

type Mask = unknown;

function maskAt(mask: Mask, key: string | number): Mask {
    if (mask === true) return true;
    if (Array.isArray(mask) && typeof key === "number") return mask[key];
    if (isRecord(mask) && typeof key === "string") return own(mask, key);
    return undefined;
}

/**
 * A Terraform value in the Pulumi SDK's shape: names camelCased (or renamed), single blocks
 * unwrapped, unknowns as sentinels, sensitive values wrapped in `Secret`, nulls dropped. What is
 * unknown or sensitive is told by the plan's masks (after_unknown, after_sensitive), or marked
 * inline (an Unknown of the HCL evaluator, a Sensitive). Bounded by DEPTH_LIMIT (checked before).
 * The one conversion of every Terraform front end.
 */
export function convertValue(value: unknown, mapping: ResourceMapping, unknown?: Mask, sensitive?: Mask): unknown {
    return convert(value, unknown, sensitive, mapping, "");
}

/** The attribute names of a value and of its unknown mask (names only the mask has, after the value's own). */
function keysOf(value: Record<string, unknown>, unknown: Mask): string[] {
    const keys = Object.keys(value);
    if (isRecord(unknown)) for (const k of Object.keys(unknown)) if (!Object.hasOwn(value, k)) keys.push(k);
    return keys;
}

/** Whether converting under `mapping` needs the attribute paths (for renames and single blocks). */
function pathsMatter(mapping: ResourceMapping): boolean {
    return mapping.renames !== undefined || mapping.singleBlocks !== undefined;
}

function convert(value: unknown, unknown: Mask, sensitive: Mask, mapping: ResourceMapping, path: string): unknown {
    if (unknown === true || unknownWhy(value) !== undefined) return UNKNOWN_VALUE;
    if (value === null || value === undefined) return undefined;
    if (value instanceof Sensitive) {
        const inner = convert(value.value, unknown, undefined, mapping, path);
        return inner === undefined ? undefined : new Sensitive(inner);
    }
    if (sensitive === true) {
        const inner = convert(value, unknown, undefined, mapping, path);
        return inner === undefined ? undefined : new Sensitive(inner);
    }
    if (Array.isArray(value)) {
        const items = value
            .map((v, i) => convert(v, maskAt(unknown, i), maskAt(sensitive, i), mapping, path))
            .filter((v) => v !== undefined);
        if (path !== "" && mapping.singleBlocks?.includes(path)) return items[0];
        return items;
    }
    if (!isRecord(value)) return value;
    const out: Record<string, unknown> = {};
    const paths = pathsMatter(mapping);
    let set = 0;
    for (const k of keysOf(value, unknown)) {
        // Only renames and single blocks look at paths: the rest go without building them.
        const p = paths && path ? `${path}.${k}` : k;
        const v = convert(own(value, k), maskAt(unknown, k), maskAt(sensitive, k), mapping, p);
        if (v !== undefined) {
            setOwn(out, pulumiName(mapping, p, k), v);
            set++;
        }
    }
    return fastCopy(out, set);
}

/**
 * A resource's attribute values (a plan's after-values, a state's values or attributes: the same
 * JSON encoding) as its Pulumi twin's properties: see `convert`. `unknown` and `sensitive` are
 * masks of the same shape with `true` on unknown and sensitive leaves (or whole values). The one
 * conversion every Terraform reader uses; values must have been checked against DEPTH_LIMIT.
 */
export function pulumiValues(
    values: Record<string, unknown>,
    unknown: unknown,
    sensitive: unknown,
    mapping: ResourceMapping,
): Record<string, unknown> {
    return convert(values, unknown, sensitive, mapping, "") as Record<string, unknown>;
}

/** What a reader knows of one resource instance, to make its Pulumi twin from. */
export interface TwinParts {
    /** The Terraform address as written in the input (made printable here). */
    readonly address: string;
    readonly terraformType: string;
    readonly mapping: ResourceMapping;
    readonly inputs: Record<string, unknown>;
    readonly outputs: Record<string, unknown>;
    readonly provider?: PulumiProvider | undefined;
    /**
     * The attribute names messages may name: the raw values (and masks) they are in, collected when
     * first asked, or the names already collected from them (see namesIn).
     */
    readonly namedIn: readonly unknown[] | ReadonlyMap<string, string>;
    readonly location?: SourceSpans;
}

/** A resource instance's Pulumi twin, as every Terraform reader builds it. */
export function twinResource(parts: TwinParts): PulumiResource {
    const { mapping, provider } = parts;
    const address = printable(parts.address);
    let names: ReadonlyMap<string, string> | undefined;
    return {
        type: mapping.token,
        urn: address,
        name: address,
        terraformType: parts.terraformType,
        inputs: parts.inputs,
        outputs: parts.outputs,
        provider,
        propertyDependencies: {},
        // Built when a message first names an input of this resource, then kept.
        names() {
            if (names === undefined) {
                const { namedIn } = parts;
                if (!Array.isArray(namedIn)) return (names = withProviderNames(namedIn as ReadonlyMap<string, string>, provider));
                const collected = new Map<string, string>();
                for (const v of namedIn) collectNames(v, mapping, collected);
                if (provider) for (const [pulumi, tf] of provider.names) collected.set(pulumi, tf);
                names = collected;
            }
            return names;
        },
        ...(parts.location !== undefined && { location: parts.location }),
    };
}

/** Names collected from a resource's values and its provider's names over them, by both: resources share them. */
const mergedNames = new WeakMap<ReadonlyMap<string, string>, Map<PulumiProvider | undefined, ReadonlyMap<string, string>>>();

/** A resource's collected names with its provider's set over them (as twinResource sets them), shared by the resources that have both. */
function withProviderNames(collected: ReadonlyMap<string, string>, provider: PulumiProvider | undefined): ReadonlyMap<string, string> {
    let byProvider = mergedNames.get(collected);
    if (byProvider === undefined)
        mergedNames.set(collected, (byProvider = new Map<PulumiProvider | undefined, ReadonlyMap<string, string>>()));
    let merged = byProvider.get(provider);
    if (merged === undefined) {
        const names = new Map(collected);
        if (provider) for (const [pulumi, tf] of provider.names) names.set(pulumi, tf);
        byProvider.set(provider, (merged = names));
    }
    return merged;
}

/** Names collected from values (see namesIn), with the pairs they were set from, in order. */
export interface SharedNames {
    readonly pairs: readonly string[];
    readonly names: ReadonlyMap<string, string>;
}

/**
 * The names messages may name of the values in `namedIn` (collectNames of each, in turn), the same
 * map for the same names: `shared` keeps the last maps made, so that a reading keeps no raw value
 * for its messages and resources of one kind share one map.
 */
export function namesIn(namedIn: readonly unknown[], mapping: ResourceMapping, shared: SharedNames[]): ReadonlyMap<string, string> {
    const pairs: string[] = [];
    for (const v of namedIn) collectNamePairs(v, mapping, pairs);
    // The maps made last first (a plan lists the instances of one block together), a few only:
    // resources whose names all differ (tags of their own) cost no search through all of them.
    for (let i = shared.length - 1; i >= 0; i--) {
        const known = shared[i]!;
        if (samePairs(known.pairs, pairs)) return known.names;
    }
    const names = new Map<string, string>();
    for (let i = 0; i < pairs.length; i += 2) names.set(pairs[i]!, pairs[i + 1]!);
    shared.push({ pairs, names });
    if (shared.length > SHARED_NAMES) shared.shift();
    return names;
}

function samePairs(a: readonly string[], b: readonly string[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

/** How many maps of names namesIn keeps to share. */
const SHARED_NAMES = 16;

/**
 * `built` as an object in V8's fast mode: an object given more than a dozen properties one by one
 * under computed names turns into a hash table, several times larger and slower to read, and plans
 * hold hundreds of thousands of them. A spread copy is laid out at once (own properties, `__proto__`
 * included, as they are).
 */
function fastCopy(built: Record<string, unknown>, properties: number): Record<string, unknown> {
    return properties > FAST_PROPERTIES ? { ...built } : built;
}

/** How many properties set one by one keep an object in fast mode: 4 in the object and 12 beside it (V8's soft limit). */
const FAST_PROPERTIES = 16;

/** Static configuration resources by module path and address, built lazily. */
class ConfigIndex {
    private readonly byModule = new Map<string, Map<string, ConfigResource> | undefined>();
    /** Module names by module instance address: the instances of one module share its resources. */
    private readonly namesByAddress = new Map<string, string>();
    constructor(private readonly plan: Plan) {}

    resource(rc: ResourceChange): ConfigResource | undefined {
        const address = rc.module_address ?? "";
        let key = this.namesByAddress.get(address);
        if (key === undefined) this.namesByAddress.set(address, (key = moduleNamesOf(rc.module_address).join(".")));
        let map = this.byModule.get(key);
        if (!this.byModule.has(key)) {
            // Module names hold no dots.
            const module: ConfigModule | undefined = scopeAt(this.plan, key === "" ? [] : key.split("."))?.module;
            const resources: readonly ConfigResource[] =
                module && Array.isArray(module.resources)
                    ? module.resources.filter((r) => isRecord(r) && typeof r.address === "string")
                    : [];
            map = module && new Map(resources.map((r) => [r.address, r]));
            this.byModule.set(key, map);
        }
        return map?.get(rc.mode === "data" ? `data.${rc.type}.${rc.name}` : `${rc.type}.${rc.name}`);
    }
}

/** `module.a.module.b:aws.obs` → `module.a.module.b.provider["…/aws"].obs`, Terraform's own provider address. */
export function providerAddress(key: string, config: ProviderConfig | undefined, sourceAddress: string): string {
    const colon = key.lastIndexOf(":");
    const module = colon >= 0 ? `${key.slice(0, colon)}.` : "";
    const local = colon >= 0 ? key.slice(colon + 1) : key;
    const alias = typeof config?.alias === "string" ? config.alias : local.includes(".") ? local.slice(local.indexOf(".") + 1) : undefined;
    const fullName = typeof config?.full_name === "string" ? config.full_name : sourceAddress;
    return `${module}provider["${fullName}"]${alias ? `.${alias}` : ""}`;
}

/**
 * Sets the endpoint the config file's providerEndpoints names for provider configuration `key`:
 * the provider inputs that point its object storage at `url`, which then no longer wait on the
 * endpoint arguments the input could not show. Throws InputError for a provider with no endpoint
 * argument. Every Terraform reader applies the option so.
 */
export function applyEndpointOverride(
    key: string,
    mapping: ProviderMapping,
    url: string,
    provider: { props: Record<string, unknown>; unresolved: Map<string, string>; notes: Map<string, string> },
): void {
    if (!mapping.endpointOverride)
        throw new InputError(
            `config: obs-sse-check.providerEndpoints names provider ${printable(JSON.stringify(key))}, but ${mapping.noOverride ?? "that provider has no endpoint argument"}`,
        );
    Object.assign(provider.props, mapping.endpointOverride(url));
    for (const arg of [...provider.unresolved.keys()])
        if (arg === "endpoints" || arg.startsWith("endpoints[") || arg.startsWith("endpoints.")) provider.unresolved.delete(arg);
    provider.notes.delete("endpoints");
}

/** A provider argument's value as a front end read it, and how it was read (for messages). */
export interface ProviderArgument {
    /** The value, with what is not known marked inline (Unresolved, or the HCL evaluator's Unknown) and sensitive parts wrapped. */
    readonly value: unknown;
    readonly notes?: readonly string[];
}

/**
 * A provider configuration as the policies read it, from the arguments a front end read (a plan's
 * expressions, or a source directory's evaluated provider block): the mapping's arguments only
 * (credentials never enter the checker), the first unknown part of each argument recorded with
 * why, and the config file's endpoint override applied. Shared by every Terraform front end.
 */
export function providerFromArguments(spec: {
    readonly key: string;
    /** The provider's Terraform address (not yet printable). */
    readonly urn: string;
    readonly terraformType: string;
    readonly mapping: ProviderMapping;
    /** By Terraform argument name; names the mapping does not read are ignored. */
    readonly args: ReadonlyMap<string, ProviderArgument>;
    readonly override?: string | undefined;
    readonly location?: SourceSpans;
}): PulumiProvider {
    const { key, mapping, override } = spec;
    const props: Record<string, unknown> = {};
    const unresolved = new Map<string, string>();
    const notes = new Map<string, string>();
    const names = new Map<string, string>();
    for (const [tfName, pulumiArg] of Object.entries(mapping.args)) {
        const arg = spec.args.get(tfName);
        if (arg === undefined) continue;
        names.set(pulumiArg, tfName);
        const u = firstUnresolved(arg.value);
        if (u) {
            unresolved.set(`${tfName}${u.path}`, u.why);
            props[pulumiArg] = UNKNOWN_VALUE;
        } else if (arg.value !== null && arg.value !== undefined) {
            props[pulumiArg] = arg.value;
            if (arg.notes !== undefined && arg.notes.length > 0) notes.set(tfName, [...new Set(arg.notes)].join("; "));
        }
    }
    if (override !== undefined) applyEndpointOverride(key, mapping, override, { props, unresolved, notes });
    // Frozen: nothing changes a provider's reading afterwards, and the provider readers find the
    // reading of frozen props by the object (every resource of the provider shares it).
    deepFreeze(props);
    return {
        type: mapping.token,
        urn: printable(spec.urn),
        name: printable(key),
        key,
        terraformType: spec.terraformType,
        props,
        names,
        unresolved,
        notes,
        overridden: override !== undefined,
        ...(spec.location !== undefined && { location: spec.location }),
    };
}

/** Freezes `value` and everything in it (bounded by DEPTH_LIMIT, checked when it was read). */
function deepFreeze(value: unknown, depth = DEPTH_LIMIT): void {
    if (typeof value !== "object" || value === null || depth < 0) return;
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<string | symbol, unknown>)[key], depth - 1);
    Object.freeze(value);
}

class ProviderIndex {
    private readonly built = new Map<string, PulumiProvider | undefined>();
    constructor(
        private readonly plan: Plan,
        private readonly overrides: ReadonlyMap<string, string>,
    ) {}

    private config(key: string): ProviderConfig | undefined {
        const c = own(this.plan.configuration?.provider_config, key);
        return isRecord(c) ? c : undefined;
    }

    /**
     * The provider configuration `key` names, with the fallback the format's maintainers advise:
     * drop the innermost module of the key until an entry exists; else the implicit default
     * configuration (no arguments).
     */
    lookup(key: string): { key: string; config?: ProviderConfig } {
        let k = key;
        for (;;) {
            const config = this.config(k);
            if (config) return { key: k, config };
            const colon = k.lastIndexOf(":");
            if (colon < 0) break;
            const modules = k.slice(0, colon).split(".");
            const local = k.slice(colon + 1);
            k = modules.length > 2 ? `${modules.slice(0, -2).join(".")}:${local}` : local;
        }
        return { key };
    }

    get(key: string, sourceAddress: string): PulumiProvider | undefined {
        const found = this.lookup(key);
        const id = `${found.key}\u0000${sourceAddress}`;
        if (this.built.has(id)) return this.built.get(id);
        const type = providerTypeOf(typeof found.config?.full_name === "string" ? found.config.full_name : sourceAddress);
        const mapping = own(PROVIDER_MAPPINGS, type);
        const provider = mapping && this.build(found.key, found.config, type, mapping, sourceAddress);
        this.built.set(id, provider);
        return provider;
    }

    private build(
        key: string,
        config: ProviderConfig | undefined,
        terraformType: string,
        mapping: ProviderMapping,
        sourceAddress: string,
    ): PulumiProvider {
        const moduleAddress =
            typeof config?.module_address === "string"
                ? config.module_address
                : key.includes(":")
                  ? key.slice(0, key.lastIndexOf(":"))
                  : "";
        const scope = scopeAt(this.plan, moduleNamesOf(moduleAddress)) ?? {
            module: this.plan.configuration?.root_module ?? {},
            address: "",
        };
        const expressions = isRecord(config?.expressions) ? config.expressions : undefined;
        const args = new Map<string, ProviderArgument>();
        for (const tfName of Object.keys(mapping.args)) {
            const expr = own(expressions, tfName);
            if (expr === undefined) continue;
            const notes: string[] = [];
            const value = evaluate(this.plan, expr as Expression, scope, notes);
            args.set(tfName, { value, notes });
        }
        return providerFromArguments({
            key,
            urn: providerAddress(key, config, sourceAddress),
            terraformType,
            mapping,
            args,
            override: this.overrides.get(key),
        });
    }

    /** Every configuration in provider_config that a reader knows, for the provider rules. */
    all(): PulumiProvider[] {
        const out: PulumiProvider[] = [];
        for (const [key, config] of Object.entries(this.plan.configuration?.provider_config ?? {})) {
            if (!isRecord(config)) continue;
            const p = this.get(
                key,
                typeof config.full_name === "string" ? config.full_name : typeof config.name === "string" ? config.name : key,
            );
            if (p) out.push(p);
        }
        return out;
    }
}

const JUDGED_ACTIONS = new Set(["create", "update", "no-op", "read"]);

/** Resource references in an expression, as `type.name` (module-relative), for dependencies. */
function referencedResources(expr: Expression | undefined): string[] {
    if (!expr || Array.isArray(expr) || !isRecord(expr) || !Array.isArray(expr.references)) return [];
    const out = new Set<string>();
    for (const ref of expr.references as readonly unknown[]) {
        if (typeof ref !== "string") continue;
        const m = /^([a-z][a-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(ref);
        // Groups 1 and 2 are not optional, so a match has both.
        if (m && !["var", "local", "module", "data", "count", "each", "path", "terraform", "self"].includes(m[1]!))
            out.add(`${m[1]}.${m[2]}`);
    }
    return [...out];
}

/**
 * Reads the plan. `overrides` maps provider configuration keys to endpoint URLs that replace
 * what the plan says (or cannot say) about them. Throws PlanContentError for values nested
 * deeper than DEPTH_LIMIT.
 */
export function readPlan(plan: Plan, overrides: ReadonlyMap<string, string> = new Map()): PlanReading {
    const configIndex = new ConfigIndex(plan);
    const providers = new ProviderIndex(plan, overrides);
    for (const key of overrides.keys()) {
        if (!isRecord(own(plan.configuration?.provider_config, key))) {
            throw new InputError(
                `config: obs-sse-check.providerEndpoints names provider ${printable(JSON.stringify(key))}, which is not a key of the plan's configuration.provider_config`,
            );
        }
    }
    const resources: PulumiResource[] = [];
    // The instances of one configuration block share its references: read once per block and attribute.
    const referencesOf = new Map<ConfigResource | undefined, Map<string, readonly string[]>>();
    const references = (config: ConfigResource | undefined, attr: string): readonly string[] => {
        let byAttr = referencesOf.get(config);
        if (byAttr === undefined) referencesOf.set(config, (byAttr = new Map<string, readonly string[]>()));
        let refs = byAttr.get(attr);
        if (refs === undefined) {
            const expressions = isRecord(config?.expressions) ? config.expressions : undefined;
            byAttr.set(attr, (refs = referencedResources(own(expressions, attr) as Expression | undefined)));
        }
        return refs;
    };
    // What linking needs of each change, not the change: its values are garbage once read.
    const links: DependencySource[] = [];
    const sharedNames: SharedNames[] = [];
    let skipped = 0;
    for (const rc of resourceChangesOf(plan)) {
        const mapping = own(RESOURCE_MAPPINGS, rc.type);
        // Deletes and forgets make no matrix call; data sources read objects but have no Pulumi
        // twin among the readers.
        if (!mapping || rc.mode !== "managed" || !rc.change.actions.some((a) => JUDGED_ACTIONS.has(a)) || !isRecord(rc.change.after)) {
            skipped++;
            continue;
        }
        const { after, after_unknown: unknown, after_sensitive: sensitive } = rc.change;
        const tooDeep = nestsDeeperThan(after, DEPTH_LIMIT)
            ? "after"
            : nestsDeeperThan(unknown, DEPTH_LIMIT)
              ? "after_unknown"
              : nestsDeeperThan(sensitive, DEPTH_LIMIT)
                ? "after_sensitive"
                : undefined;
        if (tooDeep !== undefined) {
            throw new PlanContentError(
                `resource ${printable(rc.address)}: change.${tooDeep} nests deeper than ${DEPTH_LIMIT} levels, more than this checker reads`,
            );
        }
        const config = configIndex.resource(rc);
        const configKey = typeof config?.provider_config_key === "string" ? config.provider_config_key : providerTypeOf(rc.provider_name);
        const provider = providers.get(configKey, rc.provider_name);
        const outputs = pulumiValues(after, unknown, sensitive, mapping);
        const configured = isRecord(config?.expressions) ? config.expressions : undefined;
        // Inputs: what the configuration sets (sharing the outputs' values). An attribute unknown
        // at plan time is an input only when the configuration sets it; otherwise the provider
        // computes it.
        const inputs: Record<string, unknown> = {};
        let inputCount = 0;
        for (const k of keysOf(after, unknown)) {
            const name = pulumiName(mapping, k, k);
            const value = own(outputs, name);
            if (value === undefined) continue;
            if (maskAt(unknown, k) === true && !(configured && Object.hasOwn(configured, k))) continue;
            setOwn(inputs, name, value);
            inputCount++;
        }
        resources.push(
            twinResource({
                address: rc.address,
                terraformType: rc.type,
                mapping,
                inputs: fastCopy(inputs, inputCount),
                outputs,
                provider,
                namedIn: namesIn([after, unknown], mapping, sharedNames),
            }),
        );
        links.push({
            moduleAddress: rc.module_address ?? "",
            type: rc.type,
            name: rc.name,
            ...(rc.index !== undefined && { index: rc.index }),
            references: (attr: string) => references(config, attr),
        });
    }
    linkDependencies(resources, links);
    return { resources, providers: providers.all(), skipped };
}

/** What linking a resource's `bucket` and `source` to other resources needs to know of it. */
export interface DependencySource {
    /** The module instance's address ("" for the root module). */
    readonly moduleAddress: string;
    readonly type: string;
    readonly name: string;
    /** The instance key of count or for_each, if any. */
    readonly index?: number | string;
    /** The resources (`type.name`, module-relative) the configuration's expression of `attr` refers to. */
    references(attr: string): readonly string[];
}

/**
 * Fills propertyDependencies of `bucket` and `source` from the configuration's references (a
 * bucket named by `aws_s3_bucket.b.id` is unknown at plan time, but the reference says which).
 * A reference links when it leads to one instance in the same module instance, or to the
 * instance with the same index. `sources[i]` describes `resources[i]`.
 */
export function linkDependencies(resources: readonly PulumiResource[], sources: readonly DependencySource[]): void {
    // Instances by module instance and `<type>.<name>`, each with its instances by index (as JSON:
    // a number and a string are different keys, as in the plan).
    const modules = new Map<string, Map<string, { readonly all: PulumiResource[]; readonly byIndex: Map<string, PulumiResource> }>>();
    resources.forEach((r, i) => {
        const src = sources[i]!;
        let blocks = modules.get(src.moduleAddress);
        if (blocks === undefined)
            modules.set(
                src.moduleAddress,
                (blocks = new Map<string, { readonly all: PulumiResource[]; readonly byIndex: Map<string, PulumiResource> }>()),
            );
        const block = `${src.type}.${src.name}`;
        let instances = blocks.get(block);
        if (instances === undefined) blocks.set(block, (instances = { all: [], byIndex: new Map() }));
        instances.all.push(r);
        if (src.index !== undefined) instances.byIndex.set(JSON.stringify(src.index), r);
    });
    resources.forEach((r, i) => {
        const src = sources[i]!;
        const blocks = modules.get(src.moduleAddress);
        for (const attr of ["bucket", "source"]) {
            const linked: string[] = [];
            for (const target of src.references(attr)) {
                const instances = blocks?.get(target);
                if (instances === undefined) continue;
                const only = instances.all.length === 1 ? instances.all[0] : undefined;
                const same = only ?? (src.index !== undefined ? instances.byIndex.get(JSON.stringify(src.index)) : undefined);
                if (same) linked.push(same.urn);
            }
            if (linked.length > 0) r.propertyDependencies[attr] = linked;
        }
    });
}
