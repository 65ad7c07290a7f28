// What Terraform's S3 state backend (`terraform { backend "s3" { ... } }`) does, by Terraform
// version, as the readers of its synthetic provider and state object need it. Read from the
// backend's sources in hashicorp/terraform (internal/backend/remote-state/s3/backend.go,
// client.go, validate.go) at the tags v1.5.0, v1.6.0, v1.6.1, v1.11.0; docs/terraform-backend.md
// has the details and the sources.

/** The provider type of the backend's connection settings (endpoint, insecure, path style). */
export const BACKEND_PROVIDER_TYPE = "terraform:backend:s3";
/** The resource type of the state object the backend writes and reads. */
export const BACKEND_STATE_TYPE = "terraform:backend/s3:State";

/** How the backend talks to its endpoint: the SDK generation, which changed in Terraform 1.6.0. */
export type BackendClient =
    /** Terraform 1.5 and earlier: aws-sdk-go v1, one PutObject per write, one GetObject per read. */
    | "sdk-v1"
    /** Terraform 1.6 and later: aws-sdk-go-v2, the upload manager, HeadObject before the download. */
    | "sdk-v2"
    /** The version is not known: either may run. */
    | "unknown";

/** The client of a Terraform version ("1.5.7", "v1.11.0"), or "unknown" when the text is not a version. */
export function backendClientOf(version: string | undefined): BackendClient {
    const m = version === undefined ? null : /^v?(\d+)\.(\d+)\./.exec(version.trim());
    if (!m) return "unknown";
    const major = Number(m[1]);
    const minor = Number(m[2]);
    return major === 0 || (major === 1 && minor < 6) ? "sdk-v1" : "sdk-v2";
}

/** Whether a Terraform version is exactly 1.6.0, whose validation refused endpoints without a scheme (relaxed in 1.6.1). */
export function refusesSchemelessEndpoint(version: string | undefined): boolean {
    return version !== undefined && /^v?1\.6\.0(?:$|[-+])/.test(version.trim());
}
