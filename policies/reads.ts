// Which resource types each policy reads, per provider package, taken from the readers: resource
// policies read every type a resource reader knows, the provider rule every provider type, and
// the stack policies the types of the stack roles they use. `npm run docs` lists them in the
// README, so a new reader appears there without further edits.
import { PROVIDER_READERS } from "./providers";
import { RESOURCE_READERS, type StackRole } from "./resources";
import { packageOf } from "./wireValues";

export type Reads =
    | { readonly kind: "resources" }
    | { readonly kind: "providers" }
    | { readonly kind: "stack"; readonly roles: readonly StackRole[] };

const RESOURCES: Reads = { kind: "resources" };

/** What each policy reads, by policy name. */
export const POLICY_READS: Readonly<Record<string, Reads>> = {
    "obs-sse-transfer-protocol": RESOURCES,
    "obs-sse-signature-version": RESOURCES,
    "obs-sse-supported-algorithm": RESOURCES,
    "obs-sse-c-key-transport": RESOURCES,
    "obs-https-hardening": RESOURCES,
    "obs-virtual-hosted-style": { kind: "providers" },
    "obs-sse-inherited-encryption": { kind: "stack", roles: ["object", "bucket", "bucket-encryption"] },
    "obs-sse-copy-source": { kind: "stack", roles: ["copy", "object", "bucket", "bucket-encryption"] },
    "obs-secure-transport-policy": { kind: "stack", roles: ["bucket", "bucket-policy", "object", "copy", "bucket-encryption"] },
};

/** The types `reads` covers, in reader order. */
export function typesRead(reads: Reads): readonly string[] {
    switch (reads.kind) {
        case "resources":
            return RESOURCE_READERS.flatMap((r) => r.types);
        case "providers":
            return PROVIDER_READERS.map((r) => r.type);
        case "stack":
            return RESOURCE_READERS.flatMap((r) => Object.entries(r.roles).filter(([, role]) => reads.roles.includes(role)).map(([t]) => t));
    }
}

/** Every provider package some reader knows, in reader order. */
export function readPackages(): readonly string[] {
    return [...new Set(PROVIDER_READERS.map((r) => packageOf(r.type)))];
}
