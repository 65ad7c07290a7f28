// The stack seen as buckets, the objects in them, the copies between them and the bucket policies
// guarding them. Stack policies build this once per call from the resource list (outputs, which
// during preview are the inputs with computed attributes unknown) and read it, never the list.
import type { ResourceInput } from "../assess";
import type { DeclaredAlgorithm, PolicyDialect, ResourcePlan } from "../resources";
import { policyDialectOf, readResource, roleOf } from "../resources";
import { isUnknown, rawField } from "../values";
import { terms } from "../terms";

/** A resource of AnalyzeStack as the policy SDK resolves it (dependencies already linked). */
export interface StackResource extends ResourceInput {
    readonly propertyDependencies: Readonly<Record<string, readonly StackResource[]>>;
}

/** A stack resource whose dependencies are still to be linked by `resolvePropertyDependencies`. */
export type UnlinkedStackResource = StackResource & { readonly propertyDependencies: Record<string, StackResource[]> };

/**
 * Links each resource's property dependencies as the policy SDK resolves them for AnalyzeStack:
 * every URN `dependenciesOf(i)` gives for `stack[i]` becomes the resource of `stack` with that URN
 * (a URN none has is dropped).
 */
export function resolvePropertyDependencies(
    stack: readonly UnlinkedStackResource[],
    dependenciesOf: (index: number) => Readonly<Record<string, readonly string[]>> | undefined,
): void {
    const byUrn = new Map<string, StackResource>();
    for (const r of stack) byUrn.set(r.urn, r);
    stack.forEach((resource, i) => {
        for (const [k, urns] of Object.entries(dependenciesOf(i) ?? {}))
            resource.propertyDependencies[k] = urns.flatMap((u) => byUrn.get(u) ?? []);
    });
}

export interface BucketEntry {
    readonly resource: StackResource;
    /** The bucket as read from its outputs. */
    readonly plan: ResourcePlan;
    /** The bucket's name, when known. */
    readonly name?: string | undefined;
    /** Default-encryption algorithms from the bucket itself and its encryption configurations. */
    readonly defaults: DeclaredAlgorithm[];
    /** Bucket policy documents attached to it: the inline `policy` and BucketPolicy resources. */
    readonly policies: Array<{
        readonly resource: StackResource;
        readonly field: string;
        readonly document: unknown;
        readonly dialect: PolicyDialect;
    }>;
    /** The dialect the bucket's own API takes policies in (for the statement a fix suggests). */
    readonly policyDialect: PolicyDialect;
}

/** Where a reference leads: a bucket (or object) of the stack, one outside it, or not yet known. */
export type Link<T> =
    | { readonly kind: "found"; readonly entry: T }
    | { readonly kind: "outside"; readonly name: string }
    | { readonly kind: "unknown"; readonly why: string };

export interface ObjectEntry {
    readonly resource: StackResource;
    readonly plan: ResourcePlan;
    readonly bucket: Link<BucketEntry>;
    /** The object key, when known. */
    readonly key?: string | undefined;
}

function knownString(props: unknown, key: string): string | undefined {
    const v = rawField(props, key);
    return typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
}

export class StackView {
    readonly buckets: BucketEntry[] = [];
    readonly objects: ObjectEntry[] = [];
    private readonly bucketsByUrn = new Map<string, BucketEntry>();
    private readonly bucketsByName = new Map<string, BucketEntry>();
    /** Objects by "<bucket name>/<key>", for copies that name their source: built when one first does. */
    private objectsByPath: Map<string, ObjectEntry> | undefined;
    private readonly objectsByUrn = new Map<string, ObjectEntry>();
    private readonly objectsByBucket = new Map<BucketEntry, ObjectEntry[]>();

    constructor(resources: readonly StackResource[]) {
        for (const r of resources) {
            // Roles come from the resource readers: a new provider package needs no change here.
            if (roleOf(r.type) !== "bucket") continue;
            const plan = readResource(r.type, r.props, "outputs");
            if (!plan) continue;
            const dialect = policyDialectOf(r.type, r.props);
            const entry: BucketEntry = {
                resource: r,
                plan,
                name: knownString(r.props, "bucket"),
                defaults: [...plan.algorithms],
                policies: [],
                policyDialect: dialect,
            };
            // The inline policy is a computed attribute too: unknown in preview outputs when unset.
            const inline = rawField(r.props, "policy");
            if (inline !== undefined && inline !== null && inline !== "" && !isUnknown(inline))
                entry.policies.push({ resource: r, field: "policy", document: inline, dialect });
            this.buckets.push(entry);
            this.bucketsByUrn.set(r.urn, entry);
            if (entry.name) this.bucketsByName.set(entry.name, entry);
        }
        for (const r of resources) {
            const role = roleOf(r.type);
            if (role === "bucket-encryption") {
                const link = this.bucketOf(r);
                if (link.kind === "found") link.entry.defaults.push(...(readResource(r.type, r.props, "outputs")?.algorithms ?? []));
            } else if (role === "bucket-policy") {
                const link = this.bucketOf(r);
                if (link.kind === "found")
                    link.entry.policies.push({
                        resource: r,
                        field: "policy",
                        document: rawField(r.props, "policy"),
                        dialect: policyDialectOf(r.type, r.props),
                    });
            } else if (role === "object" || role === "copy") {
                const plan = readResource(r.type, r.props, "outputs");
                if (!plan) continue;
                const entry: ObjectEntry = { resource: r, plan, bucket: this.bucketOf(r), key: knownString(r.props, "key") };
                this.objects.push(entry);
                this.objectsByUrn.set(r.urn, entry);
                if (entry.bucket.kind === "found") {
                    const list = this.objectsByBucket.get(entry.bucket.entry);
                    if (list) list.push(entry);
                    else this.objectsByBucket.set(entry.bucket.entry, [entry]);
                }
            }
        }
    }

    /** The objects by "<bucket name>/<key>" (the last of a path wins). */
    private byPath(): Map<string, ObjectEntry> {
        if (this.objectsByPath !== undefined) return this.objectsByPath;
        const byPath = new Map<string, ObjectEntry>();
        for (const entry of this.objects) {
            const bucketName =
                entry.bucket.kind === "found" ? entry.bucket.entry.name : entry.bucket.kind === "outside" ? entry.bucket.name : undefined;
            if (bucketName && entry.key) byPath.set(`${bucketName}/${entry.key.replace(/^\//, "")}`, entry);
        }
        return (this.objectsByPath = byPath);
    }

    /** The objects (and copy targets) of the stack that are in `bucket`. */
    objectsIn(bucket: BucketEntry): readonly ObjectEntry[] {
        return this.objectsByBucket.get(bucket) ?? [];
    }

    /** The bucket a resource's `bucket` input refers to: by dependency first, then by name. */
    bucketOf(r: StackResource): Link<BucketEntry> {
        for (const dep of r.propertyDependencies.bucket ?? []) {
            const entry = this.bucketsByUrn.get(dep.urn);
            if (entry) return { kind: "found", entry };
        }
        const raw = rawField(r.props, "bucket");
        if (typeof raw === "string" && raw !== "" && !isUnknown(raw)) {
            const entry = this.bucketsByName.get(raw);
            return entry ? { kind: "found", entry } : { kind: "outside", name: raw };
        }
        if (isUnknown(raw))
            return {
                kind: "unknown",
                why: `its bucket input is computed and unknown ${terms().unknownPhase}, and no dependency names a bucket of the stack`,
            };
        return { kind: "unknown", why: "it has no bucket input" };
    }

    /** The object an ObjectCopy's `source` ("bucket/key") refers to. */
    sourceOf(copy: StackResource): Link<ObjectEntry> {
        for (const dep of copy.propertyDependencies.source ?? []) {
            const entry = this.objectsByUrn.get(dep.urn);
            if (entry && entry.resource.urn !== copy.urn) return { kind: "found", entry };
        }
        const raw = rawField(copy.props, "source");
        if (typeof raw === "string" && raw !== "" && !isUnknown(raw)) {
            // "bucket/key", possibly URL-encoded and with ?versionId=…
            const path = raw.replace(/^\//, "").replace(/\?.*$/, "");
            let decoded = path;
            try {
                decoded = decodeURIComponent(path);
            } catch {
                // keep the raw text: a malformed escape is not ours to fix
            }
            const byPath = this.byPath();
            const entry = byPath.get(decoded) ?? byPath.get(path);
            return entry ? { kind: "found", entry } : { kind: "outside", name: decoded };
        }
        if (isUnknown(raw))
            return {
                kind: "unknown",
                why: `its source input is computed and unknown ${terms().unknownPhase}, and no dependency names an object of the stack`,
            };
        return { kind: "unknown", why: "it has no source input" };
    }
}

/** What a bucket's default encryption amounts to. */
export function defaultEncryptionOf(bucket: BucketEntry): "SSE-KMS" | "unknown" | "other" {
    // "aws:kms" through the S3-compatible API, "kms" through the native OBS API.
    if (bucket.defaults.some((a) => a.value === "aws:kms" || a.value === "kms")) return "SSE-KMS";
    if (bucket.defaults.some((a) => a.value === undefined)) return "unknown";
    return "other";
}
