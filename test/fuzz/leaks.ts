// Generators for the leak properties of test/leaks.test.ts: Terraform plans whose provider
// endpoints carry secret markers (in user info, host, path, query and fragment) and come from a
// sensitive root variable, a sensitive module variable, or a plain literal beside credentials; and
// resources whose attributes are marked in after_sensitive. Each case knows what it may not show:
// every marker, and for a sensitive source everything derived from it (host label, region, path,
// the length of its text).
import fc from "fast-check";
import { secret, type WireProps, type WireProvider, type WireResource, type WireValue } from "../../engine/wire";
import { awsProvider, KMS_KEY, resource, T } from "../helpers/fixtures";
import { huaweiProvider, HW, OTC, otcProvider } from "../helpers/nativeFixtures";
import { SECRET_MARKERS } from "./arbitraries";
import { field } from "../support/items";

/** Labels planted as a bucket prefix of a sensitive endpoint's host: valid in a host, unique in any output. */
export const HOST_MARKERS = ["hk7qz2wp9xm4", "zt3vb8nq5rj2", "wp6mx1ky4hd9"] as const;
/** Text planted in a sensitive endpoint's path. */
export const PATH_MARKERS = ["/tenant-Pq8Zt3Wk6Rm1", "/a/Gx5Nv2Hc7Lb4/b"] as const;
/**
 * OBS hosts of sensitive endpoints, each of a region that nothing plain in a generated plan names:
 * the region in any output would come from the sensitive host.
 */
export const SENSITIVE_OBS_HOSTS = [
    { host: "obs.eu-nl.otc.t-systems.com", region: "eu-nl" },
    { host: "obs.eu-ch2.sc.otc.t-systems.com", region: "eu-ch2" },
    { host: "obs.cn-north-4.myhuaweicloud.com", region: "cn-north-4" },
    { host: "obs.ap-southeast-1.myhuaweicloud.com", region: "ap-southeast-1" },
] as const;
/** The one OBS host plain endpoints use (and the region plain resources are in). */
export const PLAIN_OBS_HOST = "obs.eu-de.otc.t-systems.com";
export const KMS_ARN = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

export type EndpointSource =
    /** A root variable declared sensitive, read by the provider (`var.ep`, or `var.cfg.s3` of an object). */
    | "root-sensitive"
    /** A module variable declared sensitive, its value a constant in the module call. */
    | "module-sensitive-constant"
    /** A module variable declared sensitive, its value passed from a plain root variable. */
    | "module-sensitive-passed"
    /** A root variable declared sensitive, passed into a module variable that is not. */
    | "root-sensitive-into-module"
    /** A constant endpoint, beside constant access_key, secret_key and token. */
    | "plain-literal";

export interface EndpointSpec {
    readonly source: EndpointSource;
    readonly scheme: "http" | "https";
    readonly userInfo?: string | undefined;
    readonly hostLabel?: string | undefined;
    readonly obsHost: string;
    readonly region: string;
    readonly path: string;
    readonly query?: string | undefined;
    readonly fragment?: string | undefined;
    /** Read through an object variable (`var.cfg.s3`) rather than a string one. */
    readonly viaObject: boolean;
    /** The text is not a URL at all (a marker, or a host without a scheme): an unknown endpoint. */
    readonly notUrl?: string | undefined;
}

export interface ResourceSpec {
    readonly kind: "kms-object" | "ssec-copy";
    /** Attributes marked in after_sensitive (their values are markers). */
    readonly sensitive: readonly string[];
    readonly markers: readonly string[];
}

/**
 * The provider a case configures: aws (`endpoints[0].s3` from the source), huaweicloud
 * (`endpoints.obs` and `region` from the source), or opentelekomcloud (`auth_url`, an identity
 * URL of the endpoint's region, and `region` from the source; OTC regions only).
 */
export type Cloud = "aws" | "huaweicloud" | "opentelekomcloud";

export interface PlanCase {
    readonly providers: ReadonlyArray<{
        readonly cloud: Cloud;
        readonly endpoint: EndpointSpec;
        readonly resources: readonly ResourceSpec[];
        /** A plain native provider's region is a marker (pasted into the wrong argument): read, and never echoed. */
        readonly markerRegion?: string | undefined;
    }>;
}

const marker = fc.constantFrom(...SECRET_MARKERS);
/** `a` in about one case of `1 + absentWeight`, else undefined. */
const sometimes = <T>(a: fc.Arbitrary<T>, absentWeight = 1): fc.Arbitrary<T | undefined> =>
    fc.oneof({ arbitrary: fc.constant(undefined), weight: absentWeight }, { arbitrary: a, weight: 1 });
const userInfoArb = sometimes(
    fc.oneof(
        marker,
        fc.constantFrom(SECRET_MARKERS[0]),
        fc.tuple(marker, marker).map(([a, b]) => `${a}:${b}`),
    ),
);

/** The endpoint's text as written in the plan. */
export function endpointText(e: EndpointSpec): string {
    if (e.notUrl !== undefined) return e.notUrl;
    const host = e.hostLabel ? `${e.hostLabel}.${e.obsHost}` : e.obsHost;
    return `${e.scheme}://${e.userInfo ? `${e.userInfo}@` : ""}${host}${e.path}${e.query ? `?${e.query}` : ""}${e.fragment ? `#${e.fragment}` : ""}`;
}

export const isSensitiveSource = (s: EndpointSource): boolean => s !== "plain-literal";

/**
 * Whether the pack must give a mandatory obs-sse-transfer-protocol on this endpoint's SSE-KMS and
 * SSE-C resources: an http:// URL to an OBS host whose scheme and host can be told (user info of
 * letters and digits only, nothing a parser reads as the end of the authority).
 */
export function surelyMandatory(e: EndpointSpec): boolean {
    if (e.notUrl !== undefined || e.scheme !== "http") return false;
    if (e.userInfo !== undefined && !/^[A-Za-z0-9]+$/.test(e.userInfo)) return false;
    // Text with an "@" after its host is not read (it cannot be told from user info a stray "/" cut short): unknown.
    if (`${e.path}${e.query ?? ""}${e.fragment ?? ""}`.includes("@")) return false;
    // Only a URL string passes through a module call; an object passed whole is unknown (advisory).
    if (e.viaObject && (e.source === "module-sensitive-passed" || e.source === "root-sensitive-into-module")) return false;
    // A constant is read whole: a query or fragment is no part of the host, but keep the claim to clean URLs.
    return !(e.source === "plain-literal" && (e.query !== undefined || e.fragment !== undefined));
}

const sensitiveEndpointArb: fc.Arbitrary<EndpointSpec> = fc
    .record({
        source: fc.constantFrom<EndpointSource>(
            "root-sensitive",
            "module-sensitive-constant",
            "module-sensitive-passed",
            "root-sensitive-into-module",
        ),
        scheme: fc.constantFrom("http" as const, "https" as const),
        userInfo: userInfoArb,
        hostLabel: sometimes(fc.constantFrom(...HOST_MARKERS)),
        where: fc.constantFrom(...SENSITIVE_OBS_HOSTS),
        path: fc.constantFrom("", ...PATH_MARKERS),
        query: sometimes(marker.map((m) => `X-Amz-Credential=${m}`)),
        fragment: sometimes(marker),
        viaObject: fc.boolean(),
        notUrl: sometimes(
            fc.oneof(
                marker,
                fc.constantFrom(...HOST_MARKERS).map((l) => `${l}.obs.eu-nl.otc.t-systems.com/tenant-Pq8Zt3Wk6Rm1`),
            ),
            6,
        ),
    })
    .map(({ where, ...e }) => ({
        ...e,
        // A scheme-less text names the same host, so that its region is forbidden too.
        notUrl: e.notUrl?.replace("obs.eu-nl.otc.t-systems.com", where.host),
        obsHost: where.host,
        region: where.region,
    }));

/** Plain constants: markers only where a URL carries credentials (user info, query, fragment); host and path are shown, so plain. */
const plainEndpointArb: fc.Arbitrary<EndpointSpec> = fc
    .record({
        scheme: fc.constantFrom("http" as const, "https" as const),
        userInfo: userInfoArb,
        path: fc.constantFrom("", "/base"),
        query: sometimes(marker.map((m) => `X-Amz-Credential=${m}`)),
        fragment: sometimes(marker),
    })
    .map((e) => ({ ...e, source: "plain-literal" as const, obsHost: PLAIN_OBS_HOST, region: "eu-de", viaObject: false }));

const SENSITIVE_ATTRIBUTES = {
    "kms-object": ["bucket", "key", "content", "kms_key_id"],
    "ssec-copy": ["bucket", "key", "source"],
} as const;

const resourceArb: fc.Arbitrary<ResourceSpec> = fc.constantFrom("kms-object" as const, "ssec-copy" as const).chain((kind) =>
    fc.record({
        kind: fc.constant(kind),
        sensitive: fc.subarray([...SENSITIVE_ATTRIBUTES[kind]]),
        markers: fc.array(marker, { minLength: 4, maxLength: 4 }),
    }),
);

/** The public identity host of an OTC region, for opentelekomcloud's auth_url. */
const IAM_HOSTS: Readonly<Record<string, string>> = {
    "eu-nl": "iam.eu-nl.otc.t-systems.com",
    "eu-ch2": "iam-pub.eu-ch2.sc.otc.t-systems.com",
    "eu-de": "iam.eu-de.otc.t-systems.com",
};

export const planCaseArb: fc.Arbitrary<PlanCase> = fc
    .array(
        fc
            .record({
                cloud: fc.constantFrom<Cloud>("aws", "aws", "huaweicloud", "opentelekomcloud"),
                endpoint: fc.oneof({ arbitrary: sensitiveEndpointArb, weight: 3 }, { arbitrary: plainEndpointArb, weight: 1 }),
                resources: fc.array(resourceArb, { minLength: 1, maxLength: 2 }),
                markerRegion: sometimes(
                    fc.oneof(
                        marker,
                        marker.map((m) => `eu-de/${m}`),
                        marker.map((m) => `${m}@cn-north-4`),
                    ),
                ),
            })
            .map((p) => {
                if (p.cloud !== "opentelekomcloud") return p;
                // An identity URL (with the endpoint's user info, path, query and fragment) of an OTC region.
                const region = Object.hasOwn(IAM_HOSTS, p.endpoint.region) ? p.endpoint.region : "eu-nl";
                return { ...p, endpoint: { ...p.endpoint, region, obsHost: field(IAM_HOSTS, region), path: `/v3${p.endpoint.path}` } };
            }),
        { minLength: 1, maxLength: 3 },
    )
    .map((providers) => ({ providers }));

type Json = Record<string, unknown>;

const NATIVE_OBJECT: Readonly<Record<Exclude<Cloud, "aws">, string>> = {
    huaweicloud: "huaweicloud_obs_bucket_object",
    opentelekomcloud: "opentelekomcloud_obs_bucket_object",
};
const SOURCE: Readonly<Record<Cloud, string>> = {
    aws: "registry.terraform.io/hashicorp/aws",
    huaweicloud: "registry.terraform.io/huaweicloud/huaweicloud",
    opentelekomcloud: "registry.terraform.io/opentelekomcloud/opentelekomcloud",
};

/** A resource's Terraform type, after-values and after_sensitive; native clouds get an encrypted (SSE-KMS) OBS object. */
function afterOf(r: ResourceSpec, cloud: Cloud): { type: string; after: Json; sensitive: Json } {
    const sensitive: Json = {};
    if (cloud !== "aws") {
        const after: Json = { bucket: "obs-sse-leaks", key: "k.txt", content: "hello", encryption: true };
        r.sensitive
            .filter((attr) => attr !== "kms_key_id" && attr !== "source")
            .forEach((attr, i) => {
                after[attr] = r.markers[i];
                sensitive[attr] = true;
            });
        return { type: NATIVE_OBJECT[cloud], after, sensitive };
    }
    const after: Json =
        r.kind === "kms-object"
            ? {
                  bucket: "obs-sse-leaks",
                  key: "k.txt",
                  content: "hello",
                  server_side_encryption: "aws:kms",
                  kms_key_id: KMS_ARN,
                  region: "eu-de",
              }
            : {
                  bucket: "obs-sse-leaks",
                  key: "copy.txt",
                  source: "obs-sse-leaks/plain.txt",
                  customer_algorithm: "AES256",
                  customer_key: SECRET_MARKERS[9],
                  region: "eu-de",
              };
    if (r.kind === "ssec-copy") sensitive.customer_key = true;
    r.sensitive.forEach((attr, i) => {
        after[attr] = r.markers[i];
        sensitive[attr] = true;
    });
    return { type: r.kind === "kms-object" ? "aws_s3_object" : "aws_s3_object_copy", after, sensitive };
}

/** What a generated plan may not show, and what it must decide. */
export interface BuiltPlan {
    readonly plan: Json;
    /** Texts no output may contain (case-insensitive): host labels, paths, regions of sensitive endpoints. */
    readonly forbidden: readonly string[];
    /** Lengths of sensitive texts: no output may say "<n> characters" for them. */
    readonly sensitiveLengths: readonly number[];
    /** Resource addresses that must get a mandatory obs-sse-transfer-protocol. */
    readonly mandatory: readonly string[];
}

/** The plan JSON of a case, as `terraform show -json` would write it (the parts the checker reads). */
export function buildPlan(c: PlanCase): BuiltPlan {
    const variables: Json = {};
    const rootVariables: Json = {};
    const moduleCalls: Json = {};
    const providerConfig: Json = {};
    const rootResources: Json[] = [];
    const changes: Json[] = [];
    const forbidden = new Set<string>();
    const sensitiveLengths = new Set<number>();
    const plainLengths = new Set<number>();
    const mandatory: string[] = [];
    c.providers.forEach(({ cloud, endpoint: e, resources, markerRegion }, i) => {
        const text = endpointText(e);
        const sensitiveSource = isSensitiveSource(e.source);
        const ref = (name: string) => (e.viaObject ? { references: [`var.${name}.s3`, `var.${name}`] } : { references: [`var.${name}`] });
        const inModule = e.source.startsWith("module-") || e.source === "root-sensitive-into-module";
        const moduleName = `m${i}`;
        const providerKey = inModule ? `module.${moduleName}:${cloud}` : `${cloud}.p${i}`;
        // The variables the provider reads (by name, with their values), set as the source says.
        const bound: Array<[string, unknown]> = [[`ep${i}`, e.viaObject ? { s3: text } : text]];
        const endpointExpr = sensitiveSource ? ref(`ep${i}`) : { constant_value: text };
        // A region no sensitive endpoint names; from the source too for half the native cases.
        let regionExpr: Json = { constant_value: cloud === "huaweicloud" ? PLAIN_HUAWEI_REGION : "eu-de" };
        if (cloud !== "aws" && !sensitiveSource && markerRegion !== undefined) {
            regionExpr = { constant_value: markerRegion };
            plainLengths.add(markerRegion.length);
        }
        if (cloud !== "aws" && sensitiveSource && e.viaObject) {
            bound.push([`rg${i}`, e.viaObject ? { s3: e.region } : e.region]);
            regionExpr = ref(`rg${i}`);
        }
        const credentials: Json =
            cloud === "aws"
                ? {
                      access_key: { constant_value: SECRET_MARKERS[0] },
                      secret_key: { constant_value: SECRET_MARKERS[5] },
                      token: { constant_value: SECRET_MARKERS[1] },
                  }
                : {
                      access_key: { constant_value: SECRET_MARKERS[0] },
                      secret_key: { constant_value: SECRET_MARKERS[5] },
                      security_token: { constant_value: SECRET_MARKERS[1] },
                      password: { constant_value: SECRET_MARKERS[6] },
                  };
        const expressions: Json = { ...credentials, region: regionExpr };
        if (cloud === "aws") expressions.endpoints = [{ s3: endpointExpr }];
        // The map attribute written as a block of one expression per key, as the reader takes it.
        else if (cloud === "huaweicloud") expressions.endpoints = { obs: endpointExpr };
        else expressions.auth_url = endpointExpr;
        providerConfig[providerKey] = inModule
            ? { name: cloud, full_name: SOURCE[cloud], module_address: `module.${moduleName}`, expressions }
            : { name: cloud, full_name: SOURCE[cloud], alias: `p${i}`, expressions };
        if (sensitiveSource) {
            sensitiveLengths.add(text.length);
            if (e.hostLabel) forbidden.add(e.hostLabel);
            // Not the "/v3" of an identity URL, which every OTC fix suggestion has.
            const path = e.path.replace(/^\/v3/, "");
            if (path) forbidden.add(path);
            forbidden.add(e.region);
            const origin = `${e.scheme}://${e.hostLabel ? `${e.hostLabel}.` : ""}${e.obsHost}`;
            sensitiveLengths.add(origin.length);
            if (e.notUrl) {
                for (const l of HOST_MARKERS) if (e.notUrl.includes(l)) forbidden.add(l);
                if (e.notUrl.includes("tenant-")) forbidden.add("tenant-");
            }
        } else {
            plainLengths.add(text.length);
        }
        const moduleResources: Json[] = [];
        resources.forEach((r, j) => {
            const name = `r${i}_${j}`;
            const { type, after, sensitive } = afterOf(r, cloud);
            for (const attr of Object.keys(sensitive)) sensitiveLengths.add(String(after[attr]).length);
            const config = { address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: providerKey, expressions: {} };
            (inModule ? moduleResources : rootResources).push(config);
            const address = inModule ? `module.${moduleName}.${type}.${name}` : `${type}.${name}`;
            changes.push({
                address,
                ...(inModule ? { module_address: `module.${moduleName}` } : {}),
                mode: "managed",
                type,
                name,
                provider_name: SOURCE[cloud],
                change: { actions: ["create"], before: null, after, after_unknown: { id: true, etag: true }, after_sensitive: sensitive },
            });
            if (cloud !== "opentelekomcloud" && surelyMandatory(e)) mandatory.push(address);
        });
        if (e.source === "plain-literal") return;
        const moduleVariables: Json = {};
        const callExpressions: Json = {};
        for (const [name, value] of bound) {
            switch (e.source) {
                case "root-sensitive":
                    variables[name] = { value };
                    rootVariables[name] = { sensitive: true };
                    break;
                case "module-sensitive-constant":
                    callExpressions[name] = { constant_value: value };
                    moduleVariables[name] = { sensitive: true };
                    break;
                case "module-sensitive-passed":
                case "root-sensitive-into-module":
                    variables[`root_${name}`] = { value };
                    rootVariables[`root_${name}`] = e.source === "root-sensitive-into-module" ? { sensitive: true } : {};
                    callExpressions[name] = { references: [`var.root_${name}`] };
                    moduleVariables[name] = e.source === "module-sensitive-passed" ? { sensitive: true } : {};
                    break;
            }
        }
        if (inModule)
            moduleCalls[moduleName] = {
                source: `./modules/${moduleName}`,
                expressions: callExpressions,
                module: { resources: moduleResources, variables: moduleVariables },
            };
    });
    return {
        plan: {
            format_version: "1.2",
            terraform_version: "1.13.3",
            variables,
            resource_changes: changes,
            configuration: {
                provider_config: providerConfig,
                root_module: { resources: rootResources, module_calls: moduleCalls, variables: rootVariables },
            },
        },
        forbidden: [...forbidden],
        // A length a plain text also has may be said of that text.
        sensitiveLengths: [...sensitiveLengths].filter((n) => !plainLengths.has(n)),
        mandatory,
    };
}

/** A provider whose endpoint is wrapped as the engine marks a secret, and an SSE-KMS object behind it. */
export interface SecretEndpointCase {
    readonly provider: WireProvider;
    readonly resource: WireResource;
    readonly endpoint: EndpointSpec;
    /** Texts no message may contain (case-insensitive): host label, path, region of the endpoint. */
    readonly forbidden: readonly string[];
    /** Lengths of the secret texts (the URL, the JSON text around it). */
    readonly secretLengths: readonly number[];
}

/** The plain region huaweicloud providers name: no sensitive endpoint uses its host. */
const PLAIN_HUAWEI_REGION = "la-south-2";
let secretCounter = 0;

/**
 * aws providers with `endpoints` secret as a whole JSON string or with one secret URL in the object
 * form (after other entries), and huaweicloud providers with `endpoints` secret or `endpoints.obs`
 * secret; each with an SSE-KMS object behind it.
 */
export const secretEndpointArb: fc.Arbitrary<SecretEndpointCase> = fc
    .record({
        endpoint: sensitiveEndpointArb,
        cloud: fc.constantFrom<Cloud>("aws", "huaweicloud", "opentelekomcloud"),
        wholeSecret: fc.boolean(),
        key: fc.constantFrom("s3", "s3api"),
        before: fc.array(fc.record({ kms: fc.constant("https://kms.example") }), { maxLength: 2 }),
        /** A plain region holding a marker (pasted into the wrong input), or the usual one. */
        markerRegion: sometimes(
            fc.oneof(
                marker,
                marker.map((m) => `eu-de/${m}`),
            ),
        ),
    })
    .map(({ endpoint: generated, cloud, wholeSecret, key, before, markerRegion }) => {
        let endpoint: EndpointSpec = generated;
        if (cloud === "opentelekomcloud") {
            // An identity URL of an OTC region, with the endpoint's user info, path, query and fragment.
            const region = Object.hasOwn(IAM_HOSTS, endpoint.region) ? endpoint.region : "eu-nl";
            endpoint = { ...endpoint, region, obsHost: field(IAM_HOSTS, region), path: `/v3${endpoint.path}` };
        }
        const url = endpointText(endpoint);
        const name = `sec${secretCounter++}`;
        const secretLengths = [url.length];
        let provider: WireProvider;
        let object: WireResource;
        if (cloud === "aws") {
            const list: WireValue[] = [...before, { [key]: wholeSecret ? url : secret(url) }];
            const json = JSON.stringify([...before, { [key]: url }]);
            if (wholeSecret) secretLengths.push(json.length);
            provider = awsProvider({
                name,
                raw: { endpoints: wholeSecret ? secret(json) : list, ...(markerRegion === undefined ? {} : { region: markerRegion }) },
            });
            object = resource(T.objectV2, `${name}-o`, { bucket: "b", key: "k", content: "x", kmsKeyId: KMS_KEY }, provider);
        } else if (cloud === "opentelekomcloud") {
            // authUrl secret; the region and the tenant name (which names the region) secret too, or absent.
            const raw: WireProps = { authUrl: secret(url), tenantName: secret(`${endpoint.region}_obs-app`) };
            if (wholeSecret) raw.region = secret(endpoint.region);
            provider = otcProvider({ name, raw });
            object = resource(OTC.obsObject, `${name}-o`, { bucket: "b", key: "k", content: "x", encryption: true }, provider);
        } else {
            const json = JSON.stringify({ obs: url });
            if (wholeSecret) secretLengths.push(json.length);
            provider = huaweiProvider({
                name,
                region: markerRegion ?? PLAIN_HUAWEI_REGION,
                raw: { endpoints: wholeSecret ? secret(json) : { obs: secret(url) } },
            });
            object = resource(HW.object, `${name}-o`, { bucket: "b", key: "k", content: "x", encryption: true }, provider);
        }
        const path = endpoint.path.replace(/^\/v3/, "");
        const forbidden = [endpoint.region, ...(endpoint.hostLabel ? [endpoint.hostLabel] : []), ...(path ? [path] : [])];
        if (endpoint.notUrl) {
            for (const l of HOST_MARKERS) if (endpoint.notUrl.includes(l)) forbidden.push(l);
            if (endpoint.notUrl.includes("tenant-")) forbidden.push("tenant-");
        }
        return { provider, resource: object, endpoint, forbidden, secretLengths };
    });

/** A `secure:` ciphertext whose text is itself made of markers: it may never be shown either. */
export const SECURE_CIPHERTEXT = `v1:${SECRET_MARKERS[9]}:${SECRET_MARKERS[0]}`;

/** How a stack file writes a value: plain, quoted, or `secure:`. */
type StackValue = { readonly kind: "plain" | "secure"; readonly text: string };

export interface StackFileCase {
    readonly stack: string;
    readonly accessKey: StackValue;
    readonly secretKey: StackValue;
    readonly token: StackValue;
    /** The S3 endpoint: plain (markers where URLs carry credentials), secure, or the whole list secure. */
    readonly endpoint: EndpointSpec & { readonly written: "plain" | "secure" | "list-secure" };
    /** A break of the YAML near the credentials, or none. */
    readonly broken?: "unterminated-quote" | "bad-indent" | "tab" | "open-bracket" | undefined;
    /** aws:region: eu-de, or text with a marker (pasted into the wrong key). */
    readonly region: string;
}

const credentialArb: fc.Arbitrary<StackValue> = fc.oneof(
    { arbitrary: marker.map((text) => ({ kind: "plain" as const, text })), weight: 2 },
    { arbitrary: fc.constant({ kind: "secure" as const, text: SECURE_CIPHERTEXT }), weight: 1 },
);

export const stackFileArb: fc.Arbitrary<StackFileCase> = fc.record({
    stack: fc.constantFrom("dev", "prod", "eu-test"),
    accessKey: credentialArb,
    secretKey: credentialArb,
    token: credentialArb,
    endpoint: fc
        .tuple(plainEndpointArb, fc.constantFrom("plain" as const, "plain" as const, "secure" as const, "list-secure" as const))
        .map(([e, written]) => ({ ...e, written })),
    broken: sometimes(fc.constantFrom("unterminated-quote" as const, "bad-indent" as const, "tab" as const, "open-bracket" as const), 2),
    region: fc.oneof({ arbitrary: fc.constant("eu-de"), weight: 3 }, { arbitrary: marker.map((m) => `eu-de/${m}`), weight: 1 }),
});

/** The YAML of a value: a double-quoted scalar (JSON's escapes are YAML's), or a `secure:` mapping at `indent`. */
function yamlValue(v: StackValue, indent: string): string {
    return v.kind === "secure" ? `\n${indent}  secure: ${v.text}` : ` ${JSON.stringify(v.text)}`;
}

/** Pulumi.<stack>.yaml of a case: the aws provider pointed at OBS, credentials and endpoint as the case says. */
export function stackFileText(c: StackFileCase): string {
    const url = endpointText(c.endpoint);
    const lines = [
        "config:",
        `  aws:region: ${JSON.stringify(c.region)}`,
        `  aws:accessKey:${yamlValue(c.accessKey, "  ")}`,
        `  aws:secretKey:${yamlValue(c.secretKey, "  ")}`,
        `  aws:token:${yamlValue(c.token, "  ")}`,
    ];
    if (c.endpoint.written === "list-secure") lines.push("  aws:endpoints:", `    secure: ${SECURE_CIPHERTEXT}`);
    else if (c.endpoint.written === "secure") lines.push("  aws:endpoints:", "    - s3:", `        secure: ${SECURE_CIPHERTEXT}`);
    else lines.push("  aws:endpoints:", `    - s3: ${JSON.stringify(url)}`);
    lines.push(
        "  aws:skipCredentialsValidation: true",
        "  aws:skipRequestingAccountId: true",
        "  aws:skipMetadataApiCheck: true",
        "  aws:skipRegionValidation: true",
    );
    const at = 3; // after the access key
    switch (c.broken) {
        case "unterminated-quote":
            lines.splice(at, 0, `  aws:profile: "${SECRET_MARKERS[1]}`);
            break;
        case "bad-indent":
            lines.splice(at, 0, `      aws:sharedCredentialsFiles: ${SECRET_MARKERS[5]}`, `  x: [${SECRET_MARKERS[6]}`);
            break;
        case "tab":
            lines.splice(at, 0, `\taws:profile: ${SECRET_MARKERS[0]}`);
            break;
        case "open-bracket":
            lines.splice(at, 0, `  aws:allowedAccountIds: [${SECRET_MARKERS[8]}, {${SECRET_MARKERS[3]}`);
            break;
        case undefined:
            break;
    }
    return `${lines.join("\n")}\n`;
}

/** Whether the stack's S3 endpoint surely makes an SSE-KMS object's PUT a mandatory violation. */
export const stackSurelyMandatory = (c: StackFileCase): boolean =>
    c.broken === undefined && c.region === "eu-de" && c.endpoint.written === "plain" && surelyMandatory(c.endpoint);
