// What the pack needs to know about a provider, whatever its package: where its S3-style requests
// go, how they are signed, and how TLS is verified. One reader per provider package produces it.
import type { ObsApi } from "../edition";
import type { EndpointFault, EndpointReading } from "../endpoint";
import type { Signature } from "../matrix";
import type { ObsCloud } from "../obsHosts";
import type { Read } from "../values";

/** What messages call a provider's endpoint: "S3 endpoint" (the aws provider's override) or "OBS endpoint". */
export function endpointName(p: ProviderSettings): string {
    return p.endpointName ?? "OBS endpoint";
}

export interface ProviderSettings {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    /**
     * How messages name this provider when it is not a provider resource (Terraform's `backend "s3"`);
     * absent: `<package> provider "<name>"`.
     */
    readonly label?: string;
    /** The input that holds the object-storage endpoint, as messages should name it. */
    readonly endpointField: string;
    /** What messages call the endpoint ("S3 endpoint" for the aws provider's override); "OBS endpoint" when absent. */
    readonly endpointName?: string;
    /**
     * What the provider's client is documented to do with each kind of endpoint it cannot use as
     * written; when absent (or for a form not listed), messages say only that it may refuse it.
     */
    readonly unusableEndpoint?: Readonly<Partial<Record<EndpointFault, string>>>;
    /** absent: no override, the provider talks to its own cloud (AWS for `aws`), not to OBS. */
    readonly endpoint: Read<EndpointReading>;
    /** The API family the provider's object requests use; with the cloud, it picks the matrix edition. */
    readonly api: ObsApi;
    /**
     * The cloud the provider belongs to, when its package says so (huaweicloud): it decides the edition
     * for hosts the user lists in obsHosts, whose cloud the host name cannot tell.
     */
    readonly cloud?: Exclude<ObsCloud, "listed">;
    /** The region the provider is configured for, when it says so in plain text (for fix suggestions). */
    readonly region?: string | undefined;
    /** The signature the provider signs object requests with, unless policy config says otherwise. */
    readonly signature: Signature;
    /** TLS certificate verification switched off. */
    readonly insecure: Read<boolean>;
    /** Path-style addressing (bucket in the path instead of the host). */
    readonly pathStyle: Read<boolean>;
    /**
     * Why the endpoint cannot be known from the provider's inputs (it comes from the environment,
     * a clouds.yaml entry or an identity catalog the pack cannot see); set with endpoint state "unknown".
     */
    readonly endpointUnknowable?: string;
    /**
     * Set when the client never verifies TLS certificates, whatever `insecure` says: why, and what
     * the user can use instead, worded when a finding is (it names resource types in the terms in
     * force, and readings are memoized by the provider's inputs alone).
     */
    readonly certificatesNeverVerified?: { readonly why: string; readonly instead: () => string };
}

/** The provider as the policy SDK passes it (`args.provider`), props possibly proxied. */
export interface ProviderRef {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: unknown;
}

export interface ProviderReader {
    /** Provider resource type this reader understands, such as `pulumi:providers:aws`. */
    readonly type: string;
    /** The inputs the reader looks at; a change in any of them means a new reading. */
    readonly inputs: readonly string[];
    /**
     * The settings for requests of the API family `api` (the client a resource uses, from its
     * plan); providers with one client ignore it, and undefined means the provider's own default.
     */
    read(provider: ProviderRef, api?: ObsApi): ProviderSettings;
    /**
     * Remediations, applied to the provider resource's own props through the SDK's proxies (so
     * secrets stay secret). Each keeps the input's serialized form (a JSON string stays a JSON
     * string) and returns whether it changed anything.
     */
    readonly fixes: {
        /** Turns the S3 endpoint's http:// into https://, leaving host, port and path as they are. */
        upgradeEndpointToHttps(props: Record<string, unknown>): boolean;
        /** Switches path-style addressing off. */
        disablePathStyle(props: Record<string, unknown>): boolean;
    };
}
