// The resource readers, by resource type.
import { awsS3Reader } from "./awsS3";
import { huaweicloudObsReader } from "./huaweicloud";
import { opentelekomcloudObsReader } from "./opentelekomcloud";
import { terraformBackendReader } from "./terraformBackend";
import type { PolicyDialect, ResourcePlan, ResourceReader, Shape, StackRole } from "./types";

export type { Candidates, DeclaredAlgorithm, InterfaceCall, PolicyDialect, ResourcePlan, ResourceReader, Shape, StackRole } from "./types";

/** Every reader; a new provider package is one more file and one more entry here. */
export const RESOURCE_READERS: readonly ResourceReader[] = [awsS3Reader, opentelekomcloudObsReader, huaweicloudObsReader];

/**
 * Readers of what only obs-sse-check builds (the state object of Terraform's S3 backend): judged by
 * the same rules, but no Pulumi package's resource, so not listed with the packages' readers.
 */
const COMMAND_READERS: readonly ResourceReader[] = [terraformBackendReader];

const READERS: ReadonlyMap<string, ResourceReader> = new Map(
    [...RESOURCE_READERS, ...COMMAND_READERS].flatMap((r) => r.types.map((t) => [t, r] as const)),
);

const ROLES: ReadonlyMap<string, { readonly role: StackRole; readonly reader: ResourceReader }> = new Map(
    RESOURCE_READERS.flatMap((reader) => Object.entries(reader.roles).map(([t, role]) => [t, { role, reader }] as const)),
);

/** The plan of a resource, or undefined when no reader knows its type. */
export function readResource(type: string, props: unknown, shape: Shape = "inputs"): ResourcePlan | undefined {
    return READERS.get(type)?.read(type, props, shape);
}

/** What a resource type is to the stack policies, or undefined for types they do not read. */
export function roleOf(type: string): StackRole | undefined {
    return ROLES.get(type)?.role;
}

/** The dialect of the bucket policy a bucket or bucket-policy resource carries. */
export function policyDialectOf(type: string, props: unknown): PolicyDialect {
    return ROLES.get(type)?.reader.policyDialect?.(type, props) ?? "s3";
}
