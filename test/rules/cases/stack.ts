// Stack-shaped rows: outputs as the engine sends them to AnalyzeStack after an update (attributes
// the provider computes come back empty when unset), linked by propertyDependencies.
import type { WireProvider, WireResource, WireValue } from "../../../engine/wire";
import { resource, T } from "../../helpers/fixtures";

export function outputs(props: Record<string, WireValue>): Record<string, WireValue> {
    return { serverSideEncryption: "", kmsKeyId: "", ...props };
}

export function bucket(
    name: string,
    provider: WireProvider,
    defaultAlgorithm?: string,
    extra: Record<string, WireValue> = {},
): WireResource {
    const props: Record<string, WireValue> = { bucket: name, ...extra };
    if (defaultAlgorithm)
        props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: defaultAlgorithm } } };
    return resource(T.bucket, name, props, provider);
}

export function inBucket(r: WireResource, b: WireResource): WireResource {
    return { ...r, propertyDependencies: { ...r.propertyDependencies, bucket: [b.urn] }, dependencies: [b.urn] };
}
