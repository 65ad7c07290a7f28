// Remediations of OBS providers' own inputs. They apply to provider resources (explicit ones and
// the engine's default providers alike) whose S3 endpoint is an OBS host, and only rewrite what
// has one meaning-preserving fix; choosing a KMS key or supplying an SSE-C key is never invented.
import { readScopeConfig } from "../config";
import { obsHostOf } from "../obsHosts";
import { readerFor, readProvider } from "../providers";
import type { ProviderReader } from "../providers";
import type { Remedy } from "../policy";

function onObsProvider(fix: (reader: ProviderReader, props: Record<string, unknown>) => boolean): Remedy {
    return (resource, config) => {
        const reader = readerFor(resource.type);
        if (!reader) return false;
        const settings = readProvider({ type: resource.type, urn: resource.urn, name: resource.name, props: resource.props });
        const endpoint = settings?.endpoint;
        if (endpoint?.state !== "value" || endpoint.value.kind !== "url") return false;
        if (!obsHostOf(endpoint.value.host, readScopeConfig(config).value.obsHosts)) return false;
        return fix(reader, resource.props);
    };
}

/** http:// becomes https:// on the provider's OBS endpoint. */
export const upgradeObsEndpointToHttps = onObsProvider((reader, props) => reader.fixes.upgradeEndpointToHttps(props));

/** s3UsePathStyle becomes false on an OBS provider. */
export const disableObsPathStyle = onObsProvider((reader, props) => reader.fixes.disablePathStyle(props));
