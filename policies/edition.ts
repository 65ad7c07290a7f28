// Which edition of the matrix a request falls under. OBS publishes the matrix once per API family
// (S3-compatible requests signed V2/V4, native requests signed with the OBS signature) and per
// cloud (Open Telekom Cloud, Huawei Cloud); this is the one place that picks among them.
import type { Edition } from "./matrix";
import type { ObsCloud } from "./obsHosts";

/** The API family a client speaks to OBS: S3-compatible (`x-amz-*`, V2/V4) or native (`x-obs-*`, OBS signature). */
export type ObsApi = "s3" | "obs";

/** The edition for requests of `api` to `cloud`, unless the user forces one with the `edition` option. */
export function editionFor(api: ObsApi, cloud: ObsCloud, forced?: Edition): Edition {
    if (forced) return forced;
    if (api === "s3") return "otc-s3";
    return cloud === "huawei" ? "huawei-obs" : "otc-obs";
}
