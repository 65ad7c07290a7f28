// The resource readers, by resource type.
import { awsS3Reader } from "./awsS3";
import type { ResourcePlan, ResourceReader, Shape } from "./types";

export type { Candidates, DeclaredAlgorithm, InterfaceCall, ResourcePlan, ResourceReader, Shape } from "./types";

const READERS: ReadonlyMap<string, ResourceReader> = new Map(
    [awsS3Reader].flatMap((r) => r.types.map((t) => [t, r] as const)),
);

/** The plan of a resource, or undefined when no reader knows its type. */
export function readResource(type: string, props: unknown, shape: Shape = "inputs"): ResourcePlan | undefined {
    return READERS.get(type)?.read(type, props, shape);
}
