// What a policy reads, as each rule declares it in its own metadata (`reads`), and the resource
// types that covers, per provider package, taken from the readers: resource policies read every
// type a resource reader knows, the provider rule every provider type, and the stack policies the
// types of the stack roles they use. `npm run docs` lists them in docs/policies.md, so a new reader
// appears there without further edits.
import { PROVIDER_READERS } from "./providers";
import { RESOURCE_READERS, type StackRole } from "./resources";
import { packageOf } from "./wireValues";

/**
 * What a policy reads: every resource a resource reader knows ("resources"), every provider
 * resource ("providers"), or the stack's resources of the given roles ("stack").
 */
export type Reads =
    { readonly kind: "resources" } | { readonly kind: "providers" } | { readonly kind: "stack"; readonly roles: readonly StackRole[] };

/** The types `reads` covers, in reader order. */
export function typesRead(reads: Reads): readonly string[] {
    switch (reads.kind) {
        case "resources":
            return RESOURCE_READERS.flatMap((r) => r.types);
        case "providers":
            return PROVIDER_READERS.map((r) => r.type);
        case "stack":
            return RESOURCE_READERS.flatMap((r) =>
                Object.entries(r.roles)
                    .filter(([, role]) => reads.roles.includes(role))
                    .map(([t]) => t),
            );
    }
}

/** Every provider package some reader knows, in reader order. */
export function readPackages(): readonly string[] {
    return [...new Set(PROVIDER_READERS.map((r) => packageOf(r.type)))];
}
