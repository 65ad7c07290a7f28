// Puts a resource, its provider and the scope options together: is the resource an S3 resource
// whose provider talks to OBS, and if so, what does it call, through which endpoint, under which
// edition of the matrix. Every policy starts from this one reading.
import type { ScopeConfig } from "./config";
import { editionFor } from "./edition";
import type { EndpointReading } from "./endpoint";
import type { Edition } from "./matrix";
import { obsHostOf, type ObsCloud, type ObsHost } from "./obsHosts";
import { endpointName, readerFor, readProvider, type ProviderRef, type ProviderSettings } from "./providers";
import { printable } from "./printable";
import { readResource, type ResourcePlan, type Shape } from "./resources";
import { reveal } from "./values";

/** The parts of the policy SDK's resource args that the pack reads. */
export interface ResourceInput {
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly props: unknown;
    readonly provider?: ProviderRef | undefined;
}

export type Assessment =
    /**
     * A resource the rule never reads (not an S3 type, or not a provider for a provider rule).
     * Rules stay silent on these: the SDK can only say "not applicable" by an exception, which
     * on every resource of a large stack costs more than all of the pack's own work.
     */
    | { readonly kind: "unrelated" }
    | { readonly kind: "not-applicable"; readonly reason: string }
    /**
     * A resource the rules read, sent with no provider: in a state, its provider resource is missing
     * (an export without provider resources), so where its requests go cannot be told.
     */
    | { readonly kind: "no-provider"; readonly plan: ResourcePlan }
    /** The endpoint may be OBS but cannot be read; `problem` says why, naming the input. */
    | { readonly kind: "endpoint-problem"; readonly plan: ResourcePlan; readonly provider: ProviderSettings; readonly problem: string }
    /**
     * The endpoint text is read, and may name OBS, but the provider's client cannot use it as written
     * (no scheme, another scheme, no host, not a URL): its requests do not reach OBS. `host` is the OBS
     * host it names, when that can be told.
     */
    | {
          readonly kind: "endpoint-unusable";
          readonly plan: ResourcePlan;
          readonly provider: ProviderSettings;
          readonly reading: Extract<EndpointReading, { kind: "invalid" }>;
          readonly host?: ObsHost | undefined;
          /** The edition that would judge the requests once the endpoint is usable. */
          readonly edition: Edition;
      }
    /** The endpoint is computed from another resource and unknown during preview. */
    | { readonly kind: "endpoint-unknown"; readonly plan: ResourcePlan; readonly provider: ProviderSettings }
    | {
          readonly kind: "obs";
          readonly plan: ResourcePlan;
          readonly provider: ProviderSettings;
          readonly endpoint: Extract<EndpointReading, { kind: "url" }>;
          readonly host: ObsHost;
          readonly edition: Edition;
      };

export type ObsAssessment = Extract<Assessment, { kind: "obs" }>;

const UNRELATED: Assessment = Object.freeze({ kind: "unrelated" });

export function assess(resource: ResourceInput, scope: ScopeConfig, shape: Shape = "inputs"): Assessment {
    const mode = shape === "inputs" ? "resource inputs" : "resource outputs";
    return heldAssessment(resource, scope, mode) ?? remember(resource, scope, mode, assessResource(resource, scope, shape));
}

function assessResource(resource: ResourceInput, scope: ScopeConfig, shape: Shape): Assessment {
    // The SDK's proxies peeled once here, not at each of the reader's fields (props sensitive as a
    // whole stay wrapped, so that every field read from them is sensitive).
    const props = reveal(resource.props);
    const plan = readResource(resource.type, props.sensitive ? resource.props : props.value, shape);
    return plan ? assessPlanned(resource, plan, scope) : UNRELATED;
}

/**
 * Assessments of the resource of one request, so that every policy reads the one assessment instead
 * of assessing the resource again (BENCHMARKS.md). A front end marks the request with
 * `sharingAssessments`: the pack by the SDK's `opts.aliases` array (taken straight from the request
 * message, so every policy's copy of the resource shares it and no other request holds it, as for
 * the stack view), the command by a token of its own per resource. Outside a request nothing is
 * kept. Within one, an assessment is reused only for the same subject: the same mode, resource
 * names, provider names and scope options (a policy's options are its own).
 */
interface Remembered {
    readonly mode: string;
    readonly type: string;
    readonly urn: string;
    readonly name: string;
    readonly provider: ProviderRef | undefined;
    readonly scope: ScopeConfig;
    readonly assessment: Assessment;
}

interface RequestAssessments {
    readonly request: object;
    readonly held: Remembered[];
}

/** The last request's assessments (the engine sends the next request once every policy is done with one), and the active one. */
let lastRequest: RequestAssessments | undefined;
let activeRequest: RequestAssessments | undefined;

/** Runs `run` as part of `request`: assessments made in it are shared with every other part of the same request object. */
export function sharingAssessments<T>(request: object, run: () => T): T {
    return sharingAssessmentsCall(request, run, undefined, undefined);
}

/**
 * `run(a, b)` as part of `request`, as `sharingAssessments` does, without a closure per call: the
 * pack's adapter calls it for every policy of every request.
 */
export function sharingAssessmentsCall<A, B, R>(request: object, run: (a: A, b: B) => R, a: A, b: B): R {
    const outer = activeRequest;
    if (lastRequest?.request !== request) lastRequest = { request, held: [] };
    activeRequest = lastRequest;
    try {
        return run(a, b);
    } finally {
        activeRequest = outer;
    }
}

/** Whether two readings of the scope options say the same. */
export function sameScope(a: ScopeConfig, b: ScopeConfig): boolean {
    if (a === b) return true;
    if (a.edition !== b.edition || a.obsHosts.length !== b.obsHosts.length) return false;
    return a.obsHosts.every((host, i) => host === b.obsHosts[i]);
}

function sameSubject(held: Remembered, mode: string, resource: ResourceInput, scope: ScopeConfig): boolean {
    const p = resource.provider;
    return (
        held.mode === mode &&
        held.type === resource.type &&
        held.urn === resource.urn &&
        held.name === resource.name &&
        p?.type === held.provider?.type &&
        p?.urn === held.provider?.urn &&
        p?.name === held.provider?.name &&
        sameScope(held.scope, scope)
    );
}

/** The assessment of this subject made earlier in the active request, if any. */
function heldAssessment(resource: ResourceInput, scope: ScopeConfig, mode: string): Assessment | undefined {
    const request = activeRequest;
    if (request !== undefined) for (const held of request.held) if (sameSubject(held, mode, resource, scope)) return held.assessment;
    return undefined;
}

/** Keeps `assessment` for the rest of the active request (outside a request nothing is kept); returns it. */
function remember(resource: ResourceInput, scope: ScopeConfig, mode: string, assessment: Assessment): Assessment {
    const request = activeRequest;
    if (!request) return assessment;
    // A few subjects per request at most (the resource, and its provider for the provider rules).
    if (request.held.length >= 8) request.held.shift();
    request.held.push({
        mode,
        type: resource.type,
        urn: resource.urn,
        name: resource.name,
        provider: resource.provider,
        scope,
        assessment,
    });
    return assessment;
}

/** The same, for a resource whose plan was already read (the stack view reads each once). */
export function assessPlanned(resource: ResourceInput, plan: ResourcePlan, scope: ScopeConfig): Assessment {
    if (!resource.provider) return { kind: "no-provider", plan };
    return assessWithProvider(plan, resource.provider, scope);
}

/** A provider resource itself (explicit or default), for the rules about provider settings. */
export function assessProvider(resource: ResourceInput, scope: ScopeConfig): Assessment {
    if (!readerFor(resource.type)) return UNRELATED;
    const held = heldAssessment(resource, scope, "provider");
    if (held !== undefined) return held;
    const plan: ResourcePlan = { calls: [], algorithms: [], keyFields: [], problems: [] };
    const provider: ProviderRef = { type: resource.type, urn: resource.urn, name: resource.name, props: resource.props };
    return remember(resource, scope, "provider", assessWithProvider(plan, provider, scope));
}

/** The cloud whose table applies: the host's, or for a listed host the provider's own cloud when it has one. */
function cloudOf(hostCloud: ObsCloud, provider: ProviderSettings): ObsCloud {
    return hostCloud === "listed" ? (provider.cloud ?? "listed") : hostCloud;
}

/** Why a provider whose endpoint names another host is not applicable; a sensitive endpoint's host is not named. */
function notObsHost(provider: ProviderSettings, reading: EndpointReading, hint: string): string {
    const name = `provider "${printable(provider.name)}"`;
    if (reading.sensitive)
        return `${name} has an ${endpointName(provider)} (${provider.endpointField} (sensitive)) whose host is not an OBS host${hint}`;
    return `${name} has ${endpointName(provider)} host ${reading.kind === "url" ? reading.host : (reading.host ?? "")}, which is not an OBS host${hint}`;
}

function assessWithProvider(plan: ResourcePlan, ref: ProviderRef, scope: ScopeConfig): Assessment {
    // The provider's settings for the client this resource's requests go through.
    const provider = readProvider(ref, plan.api);
    if (!provider) return { kind: "not-applicable", reason: `provider type ${printable(ref.type)} is not one the pack reads` };
    const part = providerPartOf(provider, scope);
    // The provider's part with this resource's plan: a not-applicable part names no plan.
    return part.kind === "not-applicable" ? part : { ...part, plan };
}

/** An assessment of a resource with a provider, less the resource's own plan. */
type ProviderPart = Assessment extends infer A
    ? A extends { readonly kind: "unrelated" | "no-provider" }
        ? never
        : A extends { readonly plan: ResourcePlan }
          ? Omit<A, "plan">
          : A
    : never;

/**
 * The provider's part of the assessments of its resources, by provider reading (readings are memoized
 * and frozen, so the resources of a provider share one), for the last scope asked about: the same for
 * every resource of the provider, so host, edition and not-applicable reason are worked out once.
 */
const providerParts = new WeakMap<ProviderSettings, { readonly scope: ScopeConfig; readonly part: ProviderPart }>();

function providerPartOf(provider: ProviderSettings, scope: ScopeConfig): ProviderPart {
    const held = providerParts.get(provider);
    if (held !== undefined && sameScope(held.scope, scope)) return held.part;
    const part = Object.freeze(judgeProvider(provider, scope));
    providerParts.set(provider, { scope, part });
    return part;
}

function judgeProvider(provider: ProviderSettings, scope: ScopeConfig): ProviderPart {
    const endpoint = provider.endpoint;
    switch (endpoint.state) {
        case "absent":
            return {
                kind: "not-applicable",
                reason: `provider "${printable(provider.name)}" sets no ${endpointName(provider)} (${provider.endpointField}), so its requests go to AWS, not OBS`,
            };
        case "unknown":
            return { kind: "endpoint-unknown", provider };
        case "invalid":
            return { kind: "endpoint-problem", provider, problem: endpoint.problem };
    }
    // A client that reads a scheme-less endpoint as https:// (huaweicloud) has its reader write the scheme.
    const reading = endpoint.value;
    if (reading.kind === "invalid") {
        const obsHost = reading.host !== undefined ? obsHostOf(reading.host, scope.obsHosts) : undefined;
        if (reading.host !== undefined && !obsHost) {
            return { kind: "not-applicable", reason: notObsHost(provider, reading, "") };
        }
        return {
            kind: "endpoint-unusable",
            provider,
            reading,
            host: obsHost,
            edition: editionFor(provider.api, cloudOf(obsHost?.cloud ?? "listed", provider), scope.edition),
        };
    }
    const host = obsHostOf(reading.host, scope.obsHosts);
    if (!host) {
        return { kind: "not-applicable", reason: notObsHost(provider, reading, " (list it in the obsHosts option if it is)") };
    }
    return {
        kind: "obs",
        provider,
        endpoint: reading,
        host,
        edition: editionFor(provider.api, cloudOf(host.cloud, provider), scope.edition),
    };
}
