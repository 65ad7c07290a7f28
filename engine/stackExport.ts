// A `pulumi stack export` file read the way `pulumi policy analyze --file` reads it, and turned into
// what the engine sends to analyzers for a state (pulumi/pulumi pkg/resource/deploy/analyze_snapshot.go):
// - resources marked `delete` are skipped; every other one is analyzed (the stack, components and
//   providers included);
// - per-resource Remediate and Analyze get the resource's state inputs, AnalyzeStack its outputs
//   with its parent, dependencies and property dependencies;
// - the provider is the `pulumi:providers:*` resource the `provider` reference
//   ("<provider URN>::<provider id>") names, with that provider's state inputs; one missing from
//   the export means no provider at all;
// - secrets: with `plaintext` (an export made with --show-secrets), its JSON-decoded value as a
//   secret; ciphertext only, "[secret]" as a secret, as `--file` does when it cannot decrypt;
// - Analyze and AnalyzeStack get no internal keys (`__defaults`); Remediate gets them.
// Kept free of gRPC and the policy SDK: the command reads exports with it in-process.
import { isRecord, PROVIDER_TYPE_PREFIX, REDACTED_SECRET, SECRET_SIG, SIG_KEY } from "../policies/wireValues";
import type { WireProps, WireProvider, WireResource, WireValue } from "./wire";

/** Bad content in an export: the message names the file and the field, never the content. */
export class StackExportError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "StackExportError";
    }
}

/** The deployment versions `pulumi stack export` writes and this reader takes. */
export const STACK_EXPORT_VERSIONS: readonly number[] = [3, 4];

/** One resource of a state, as the reader keeps it. */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly name: string;
    readonly custom: boolean;
    readonly delete: boolean;
    readonly inputs: Readonly<Record<string, unknown>>;
    readonly outputs: Readonly<Record<string, unknown>>;
    readonly parent?: string;
    /** "<provider URN>::<provider id>", as the state holds it. */
    readonly provider?: string;
    readonly dependencies: readonly string[];
    readonly propertyDependencies: Readonly<Record<string, readonly string[]>>;
    readonly protect: boolean;
    /** Where in the export it is: "deployment.resources[3]". */
    readonly at: string;
}

export interface StackExport {
    /** The export's deployment version (3 or 4). */
    readonly version: number;
    /** The CLI version that wrote the deployment, when the manifest says. */
    readonly cliVersion?: string;
    /** Every resource, deleted ones included, in the export's order. */
    readonly resources: readonly StateResource[];
}

/** The requests `pulumi policy analyze` makes for a state. */
export interface StateRequests {
    /** Per resource not deleted, in order: Remediate gets `remediate`, Analyze `analyze` (inputs). */
    readonly perResource: ReadonlyArray<{ readonly remediate: WireResource; readonly analyze: WireResource }>;
    /** AnalyzeStack's resources: outputs, parents and dependencies. */
    readonly stack: readonly WireResource[];
    /** Resources whose `provider` names a provider the export does not hold (sent without one). */
    readonly missingProviders: number;
}

function stringField(r: Record<string, unknown>, key: string, at: string, file: string): string | undefined {
    const v = r[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw new StackExportError(`${file}: ${at}.${key} must be a string, got ${typeName(v)}`);
    return v;
}

function typeName(v: unknown): string {
    if (v === null) return "null";
    if (Array.isArray(v)) return "an array";
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function objectField(r: Record<string, unknown>, key: string, at: string, file: string): Record<string, unknown> {
    const v = r[key];
    if (v === undefined || v === null) return {};
    if (!isRecord(v)) throw new StackExportError(`${file}: ${at}.${key} must be an object, got ${typeName(v)}`);
    return v;
}

const NO_URNS: readonly string[] = Object.freeze([]);

/** A list of URNs (null or absent: none); `at` and `field` name it in messages. */
function urnList(v: unknown, at: string, field: string, file: string): readonly string[] {
    if (v === undefined || v === null) return NO_URNS;
    if (!Array.isArray(v) || !v.every((u) => typeof u === "string"))
        throw new StackExportError(`${file}: ${at}.${field} must be a list of URN strings, got ${typeName(v)}`);
    return v as string[];
}

/** The name part of a URN (urn:pulumi:stack::project::type::name), as URN.Name() gives it. */
export function nameOfUrn(urn: string): string {
    let cut = -2;
    for (let i = 0; i < 3; i++) {
        cut = urn.indexOf("::", cut + 2);
        if (cut < 0) return "";
    }
    return urn.slice(cut + 2);
}

/** Reads a parsed `pulumi stack export` document; `file` names it in messages. */
export function readStackExport(doc: unknown, file: string): StackExport {
    if (!isRecord(doc)) throw new StackExportError(`${file}: is not a Pulumi stack export (the document is not an object)`);
    const version = doc.version;
    if (typeof version !== "number" || !STACK_EXPORT_VERSIONS.includes(version))
        throw new StackExportError(
            `${file}: deployment version ${typeof version === "number" ? String(version) : typeName(version)} is not one this version reads (${STACK_EXPORT_VERSIONS.join(" or ")})`,
        );
    const deployment = doc.deployment;
    if (!isRecord(deployment)) throw new StackExportError(`${file}: deployment must be an object, got ${typeName(deployment)}`);
    const manifest = deployment.manifest;
    const cliVersion = isRecord(manifest) && typeof manifest.version === "string" ? manifest.version : undefined;
    const list = deployment.resources;
    if (list !== undefined && list !== null && !Array.isArray(list))
        throw new StackExportError(`${file}: deployment.resources must be a list, got ${typeName(list)}`);
    const resources: StateResource[] = [];
    for (const [i, item] of (list ?? []).entries()) {
        const at = `deployment.resources[${i}]`;
        if (!isRecord(item)) throw new StackExportError(`${file}: ${at} must be an object, got ${typeName(item)}`);
        const urn = stringField(item, "urn", at, file);
        const type = stringField(item, "type", at, file);
        if (urn === undefined || type === undefined)
            throw new StackExportError(`${file}: ${at} has no ${urn === undefined ? "urn" : "type"}`);
        const propertyDependencies: Record<string, readonly string[]> = {};
        const dependenciesByProperty = objectField(item, "propertyDependencies", at, file);
        for (const k in dependenciesByProperty)
            propertyDependencies[k] = urnList(dependenciesByProperty[k], at, "propertyDependencies", file);
        const parent = stringField(item, "parent", at, file);
        const provider = stringField(item, "provider", at, file);
        resources.push({
            urn,
            type,
            name: nameOfUrn(urn),
            custom: item.custom === true,
            delete: item.delete === true,
            inputs: objectField(item, "inputs", at, file),
            outputs: objectField(item, "outputs", at, file),
            ...(parent ? { parent } : {}),
            ...(provider ? { provider } : {}),
            dependencies: urnList(item.dependencies, at, "dependencies", file),
            propertyDependencies,
            protect: item.protect === true,
            at,
        });
    }
    return { version, ...(cliVersion !== undefined && { cliVersion }), resources };
}

/** The provider URN of a provider reference ("<URN>::<id>"), as providers.ParseReference splits it. */
export function providerUrnOf(reference: string): string | undefined {
    const cut = reference.lastIndexOf("::");
    return cut > 0 ? reference.slice(0, cut) : undefined;
}

/**
 * A state value as a front end takes it: each secret replaced by `secret(value)`, where value is the
 * JSON-decoded plaintext (an export made with --show-secrets) or "[secret]" (ciphertext only, as
 * `--file` reads a secret it cannot decrypt), and internal keys (`__defaults`) dropped unless
 * `internal`. `where` names the value in messages.
 */
export function convertStateValue(
    v: unknown,
    internal: boolean,
    secret: (value: unknown) => unknown,
    where: () => string,
    file: string,
): unknown {
    if (v === undefined) return null;
    if (typeof v !== "object" || v === null) return v;
    // Copied only where something changes: a large state is mostly plain data, kept as it is.
    if (Array.isArray(v)) {
        let out: unknown[] | undefined;
        for (let i = 0; i < v.length; i++) {
            const x: unknown = v[i];
            const converted = convertStateValue(x, internal, secret, where, file);
            if (converted !== x) (out ??= v.slice())[i] = converted;
        }
        return out ?? v;
    }
    const record = v as Record<string, unknown>;
    if (record[SIG_KEY] === SECRET_SIG) {
        if (typeof record.plaintext === "string") {
            let decoded: unknown;
            try {
                decoded = JSON.parse(record.plaintext);
            } catch {
                throw new StackExportError(
                    `${file}: ${where()} holds a secret whose plaintext is not JSON (${record.plaintext.length} characters)`,
                );
            }
            return secret(convertStateValue(decoded, internal, secret, where, file));
        }
        if ("value" in record) return secret(convertStateValue(record.value, internal, secret, where, file));
        return secret(REDACTED_SECRET);
    }
    let out: Record<string, unknown> | undefined;
    for (const k in record) {
        const x = record[k];
        if (!internal && k.startsWith("__")) {
            out ??= { ...record };
            delete out[k];
            continue;
        }
        // Leaves (most of a state) need no conversion, and no name for messages.
        if (typeof x !== "object" || x === null) continue;
        const converted = convertStateValue(x, internal, secret, () => `${where()}.${k}`, file);
        if (converted !== x) (out ??= { ...record })[k] = converted;
    }
    return out ?? record;
}

const wireSecret = (value: unknown): WireValue => ({ [SIG_KEY]: SECRET_SIG, value: value as WireValue });

function wirePropsOf(props: Readonly<Record<string, unknown>>, internal: boolean, where: string, file: string): WireProps {
    return convertStateValue(props, internal, wireSecret, () => where, file) as WireProps;
}

/** A resource `pulumi policy analyze` analyzes (not deleted), with the provider resource its reference names, if the export holds it. */
export interface AnalyzedResource {
    readonly resource: StateResource;
    readonly provider?: StateResource;
}

/** The resources of `state` that are analyzed, in order, each with its provider, and how many name a provider the export does not hold. */
export function analyzedResources(state: StackExport): { readonly resources: AnalyzedResource[]; readonly missingProviders: number } {
    // Every provider resource of the export, deleted ones too, the last of a URN winning (as the engine's map).
    const providers = new Map<string, StateResource>();
    for (const r of state.resources) if (r.type.startsWith(PROVIDER_TYPE_PREFIX)) providers.set(r.urn, r);
    let missingProviders = 0;
    const resources: AnalyzedResource[] = [];
    for (const r of state.resources) {
        if (r.delete) continue;
        if (r.provider === undefined) {
            resources.push({ resource: r });
            continue;
        }
        const urn = providerUrnOf(r.provider);
        const provider = urn !== undefined ? providers.get(urn) : undefined;
        if (!provider) missingProviders++;
        resources.push(provider ? { resource: r, provider } : { resource: r });
    }
    return { resources, missingProviders };
}

/** The requests `pulumi policy analyze --file` makes for `state`. */
export function stateRequests(state: StackExport, file: string): StateRequests {
    const { resources, missingProviders } = analyzedResources(state);
    const providerWire = new Map<StateResource, WireProvider>();
    const wireOf = (p: StateResource | undefined): WireProvider | undefined => {
        if (!p) return undefined;
        let wire = providerWire.get(p);
        if (!wire)
            providerWire.set(
                p,
                (wire = { urn: p.urn, type: p.type, name: p.name, properties: wirePropsOf(p.inputs, false, `${p.at}.inputs`, file) }),
            );
        return wire;
    };
    const perResource: Array<{ remediate: WireResource; analyze: WireResource }> = [];
    const stack: WireResource[] = [];
    for (const { resource: r, provider: p } of resources) {
        const provider = wireOf(p);
        const base = {
            urn: r.urn,
            type: r.type,
            name: r.name,
            ...(provider && { provider }),
            ...(r.parent !== undefined && { parent: r.parent }),
        };
        perResource.push({
            remediate: { ...base, properties: wirePropsOf(r.inputs, true, `${r.at}.inputs`, file) },
            analyze: { ...base, properties: wirePropsOf(r.inputs, false, `${r.at}.inputs`, file) },
        });
        stack.push({
            ...base,
            properties: wirePropsOf(r.outputs, false, `${r.at}.outputs`, file),
            dependencies: [...r.dependencies],
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, [...v]])),
        });
    }
    return { perResource, stack, missingProviders };
}
