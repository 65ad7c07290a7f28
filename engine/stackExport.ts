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

function urnList(v: unknown, where: string, file: string): string[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((u) => typeof u === "string"))
        throw new StackExportError(`${file}: ${where} must be a list of URN strings, got ${typeName(v)}`);
    return v as string[];
}

/** The name part of a URN (urn:pulumi:stack::project::type::name), as URN.Name() gives it. */
export function nameOfUrn(urn: string): string {
    const parts = urn.split("::");
    return parts.length >= 4 ? parts.slice(3).join("::") : "";
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
        const propertyDependencies: Record<string, string[]> = {};
        for (const [k, urns] of Object.entries(objectField(item, "propertyDependencies", at, file)))
            propertyDependencies[k] = urnList(urns, `${at}.propertyDependencies`, file);
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
            dependencies: urnList(item.dependencies, `${at}.dependencies`, file),
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
 * A state value in the wire form the engine sends it in: secrets as `{sig, value}` (the plaintext
 * decoded, or "[secret]" for ciphertext), internal keys (`__defaults`) dropped unless `internal`.
 */
function wireValueOf(v: unknown, internal: boolean, where: () => string, file: string): WireValue {
    if (Array.isArray(v)) return v.map((x) => wireValueOf(x, internal, where, file));
    if (!isRecord(v)) return v === undefined ? null : (v as WireValue);
    if (v[SIG_KEY] === SECRET_SIG) {
        if (typeof v.plaintext === "string") {
            let decoded: unknown;
            try {
                decoded = JSON.parse(v.plaintext);
            } catch {
                throw new StackExportError(
                    `${file}: ${where()} holds a secret whose plaintext is not JSON (${v.plaintext.length} characters)`,
                );
            }
            return { [SIG_KEY]: SECRET_SIG, value: wireValueOf(decoded, internal, where, file) };
        }
        if ("value" in v) return { [SIG_KEY]: SECRET_SIG, value: wireValueOf(v.value, internal, where, file) };
        return { [SIG_KEY]: SECRET_SIG, value: REDACTED_SECRET };
    }
    const out: Record<string, WireValue> = {};
    for (const [k, x] of Object.entries(v)) {
        if (!internal && k.startsWith("__")) continue;
        out[k] = wireValueOf(x, internal, where, file);
    }
    return out;
}

function wirePropsOf(props: Readonly<Record<string, unknown>>, internal: boolean, where: string, file: string): WireProps {
    const out: WireProps = {};
    for (const [k, x] of Object.entries(props)) {
        if (!internal && k.startsWith("__")) continue;
        out[k] = wireValueOf(x, internal, () => `${where}.${k}`, file);
    }
    return out;
}

/** The requests `pulumi policy analyze --file` makes for `state`. */
export function stateRequests(state: StackExport, file: string): StateRequests {
    // Every provider resource of the export, deleted ones too, the last of a URN winning (as the engine's map).
    const providers = new Map<string, StateResource>();
    for (const r of state.resources) if (r.type.startsWith(PROVIDER_TYPE_PREFIX)) providers.set(r.urn, r);
    const providerWire = new Map<string, WireProvider>();
    let missingProviders = 0;
    const providerOf = (r: StateResource): WireProvider | undefined => {
        if (r.provider === undefined) return undefined;
        const urn = providerUrnOf(r.provider);
        const found = urn !== undefined ? providers.get(urn) : undefined;
        if (!found) {
            missingProviders++;
            return undefined;
        }
        let wire = providerWire.get(found.urn);
        if (!wire) {
            wire = {
                urn: found.urn,
                type: found.type,
                name: found.name,
                properties: wirePropsOf(found.inputs, false, `${found.at}.inputs`, file),
            };
            providerWire.set(found.urn, wire);
        }
        return wire;
    };
    const perResource: Array<{ remediate: WireResource; analyze: WireResource }> = [];
    const stack: WireResource[] = [];
    for (const r of state.resources) {
        if (r.delete) continue;
        const provider = providerOf(r);
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
    }
    for (const r of state.resources) {
        if (r.delete) continue;
        const urn = r.provider !== undefined ? providerUrnOf(r.provider) : undefined;
        const provider = urn !== undefined ? providerWire.get(urn) : undefined;
        stack.push({
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties: wirePropsOf(r.outputs, false, `${r.at}.outputs`, file),
            ...(provider && { provider }),
            ...(r.parent !== undefined && { parent: r.parent }),
            dependencies: [...r.dependencies],
            propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, [...v]])),
        });
    }
    return { perResource, stack, missingProviders };
}
