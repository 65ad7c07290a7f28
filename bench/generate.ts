// A deterministic stream of resources as `pulumi preview` sends them, for benchmarks: OBS buckets,
// objects and copies in every encryption mode, bucket encryption configurations and bucket
// policies, spread over ~20 aws providers (https/http/insecure/path-style OBS, Huawei, an endpoint
// computed during preview, an endpoint without scheme, a non-OBS S3 endpoint, plain AWS, the
// default provider); the OBS resources of the native opentelekomcloud (obs* and s3* tokens) and
// huaweicloud (pulumi-huaweicloud `Obs/` and bridged `index/obs*` tokens) providers, whose provider
// inputs arrive as the engine sends them (non-string inputs as JSON strings); and resources of
// other types and providers. Objects link to their buckets and copies to their sources through
// propertyDependencies, as AnalyzeStack sends them. Same seed and size, same stream: no
// Math.random anywhere.
import {
    ASSET_SIG,
    SIG_KEY,
    type WireProps,
    type WireProvider,
    type WireResource,
    type WireValue,
    awsProvider,
    defaultAwsProvider,
    KMS_KEY,
    SSE_C_KEY,
    T,
    UNKNOWN,
    secret,
    urnOf,
} from "../testing";
import { mulberry32 } from "./stats";

class Rng {
    private readonly next: () => number;
    constructor(seed: number) {
        this.next = mulberry32(seed);
    }
    float(): number {
        return this.next();
    }
    int(n: number): number {
        return Math.floor(this.next() * n);
    }
    chance(p: number): boolean {
        return this.next() < p;
    }
    pick<X>(items: readonly X[]): X {
        const item = items[this.int(items.length)];
        if (item === undefined) throw new Error("pick from an empty list");
        return item;
    }
    weighted<X>(items: ReadonlyArray<readonly [X, number]>): X {
        const total = items.reduce((s, [, w]) => s + w, 0);
        let r = this.next() * total;
        for (const [x, w] of items) {
            r -= w;
            if (r < 0) return x;
        }
        const last = items[items.length - 1];
        if (last === undefined) throw new Error("weighted pick from an empty list");
        return last[0];
    }
}

function providerOf(type: string, name: string, properties: WireProps): WireProvider {
    return { urn: urnOf(type, name), type, name, properties };
}

/** The S3-capable providers, with how often resources use each. */
const S3_PROVIDERS: ReadonlyArray<readonly [WireProvider, number]> = [
    [awsProvider({ name: "obs-eu-de", endpoint: "https://obs.eu-de.otc.t-systems.com" }), 20],
    [awsProvider({ name: "obs-eu-nl", endpoint: "https://obs.eu-nl.otc.t-systems.com" }), 8],
    [awsProvider({ name: "obs-eu-ch2", endpoint: "https://obs.eu-ch2.sc.otc.t-systems.com" }), 4],
    [awsProvider({ name: "obs-global", endpoint: "https://obs.otc.t-systems.com" }), 3],
    [awsProvider({ name: "obs-eu-de-http", endpoint: "http://obs.eu-de.otc.t-systems.com" }), 10],
    [awsProvider({ name: "obs-eu-nl-http", endpoint: "http://obs.eu-nl.otc.t-systems.com" }), 4],
    [awsProvider({ name: "obs-insecure", endpoint: "https://obs.eu-de.otc.t-systems.com", insecure: true }), 5],
    [awsProvider({ name: "obs-path-style", endpoint: "https://obs.eu-de.otc.t-systems.com", pathStyle: true }), 4],
    [awsProvider({ name: "obs-http-legacy", endpoint: "http://obs.eu-de.otc.t-systems.com", insecure: true, pathStyle: true }), 3],
    [awsProvider({ name: "obs-port-path", endpoint: "https://obs.eu-de.otc.t-systems.com:443/" }), 2],
    [
        awsProvider({
            name: "obs-s3api",
            raw: {
                endpoints: JSON.stringify([{ sts: "https://iam.eu-nl.otc.t-systems.com", s3api: "https://obs.eu-nl.otc.t-systems.com" }]),
            },
        }),
        2,
    ],
    [awsProvider({ name: "huawei-ap", endpoint: "https://obs.ap-southeast-1.myhuaweicloud.com" }), 4],
    [awsProvider({ name: "huawei-eu-http", endpoint: "http://obs.eu-west-101.myhuaweicloud.eu" }), 2],
    [awsProvider({ name: "obs-computed", endpoint: UNKNOWN.string }), 2],
    [awsProvider({ name: "obs-no-scheme", endpoint: "obs.eu-de.otc.t-systems.com" }), 1],
    [awsProvider({ name: "minio", endpoint: "https://minio.corp.example:9000" }), 3],
    [awsProvider({ name: "aws-eu", raw: { region: "eu-central-1" } }), 6],
    [
        defaultAwsProvider({
            region: "eu-de",
            endpoints: JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]),
            skipCredentialsValidation: "true",
            skipRegionValidation: "true",
            skipRequestingAccountId: "true",
        }),
        8,
    ],
];

/** Providers for the resources that are not S3 at all. */
const AWS_PLAIN = awsProvider({ name: "aws-us", raw: { region: "us-east-1" } });
const RANDOM = providerOf("pulumi:providers:random", "default_4_18_0", { version: "4.18.0" });

/** `new opentelekomcloud.Provider(name, {...})`: the OBS endpoint comes from authUrl's catalog. */
function otcProvider(name: string, props: WireProps): WireProvider {
    return providerOf("pulumi:providers:opentelekomcloud", name, {
        tenantName: "eu-de_bench",
        domainName: "OTC-EU-DE-00000000001000000002",
        accessKey: secret("OTCFAKEACCESSKEY000002"),
        secretKey: secret("fake/otc/secret/key/do-not-echo-0002"),
        version: "1.36.54",
        ...props,
    });
}

/** `new huaweicloud.Provider(name, {...})`: endpoints.obs (a map, so a JSON string) or the region's host. */
function huaweiProvider(name: string, props: WireProps): WireProvider {
    return providerOf("pulumi:providers:huaweicloud", name, {
        accessKey: secret("HWFAKEACCESSKEY0000002"),
        secretKey: secret("fake/hw/secret/key/do-not-echo-0002"),
        version: "1.97.1",
        ...props,
    });
}

const OTC_PROVIDERS: ReadonlyArray<readonly [WireProvider, number]> = [
    [otcProvider("otc-eu-de", { authUrl: "https://iam.eu-de.otc.t-systems.com/v3", region: "eu-de" }), 6],
    [otcProvider("otc-eu-nl", { authUrl: "https://iam.eu-nl.otc.t-systems.com/v3", region: "eu-nl", tenantName: "eu-nl_bench" }), 3],
    [otcProvider("otc-insecure", { authUrl: "https://iam.eu-de.otc.t-systems.com/v3", region: "eu-de", insecure: "true" }), 2],
    // An identity service that is not OTC's: its catalog's OBS endpoint cannot be known.
    [otcProvider("otc-private-cloud", { authUrl: "https://iam.private-cloud.example/v3", region: "eu-de" }), 1],
];

const HUAWEI_PROVIDERS: ReadonlyArray<readonly [WireProvider, number]> = [
    [
        huaweiProvider("hw-obs-http", {
            region: "cn-north-4",
            endpoints: JSON.stringify({ obs: "http://obs.cn-north-4.myhuaweicloud.com" }),
        }),
        3,
    ],
    [
        huaweiProvider("hw-obs-https", {
            region: "cn-north-4",
            endpoints: JSON.stringify({ obs: "https://obs.cn-north-4.myhuaweicloud.com" }),
            insecure: "false",
        }),
        3,
    ],
    [huaweiProvider("hw-region", { region: "ap-southeast-1" }), 4],
];

/** Every provider the stream uses (for reporting). */
export const PROVIDERS: readonly WireProvider[] = [
    ...S3_PROVIDERS.map(([p]) => p),
    AWS_PLAIN,
    RANDOM,
    ...OTC_PROVIDERS.map(([p]) => p),
    ...HUAWEI_PROVIDERS.map(([p]) => p),
];

/** The native token families: each has buckets, objects and bucket policies, and its providers. */
type NativeFamily = "otc-obs" | "otc-s3" | "hw-obs" | "hw-bridge";
const NATIVE: Readonly<
    Record<
        NativeFamily,
        {
            readonly bucket: string;
            readonly object: string;
            readonly policy: string;
            readonly providers: ReadonlyArray<readonly [WireProvider, number]>;
        }
    >
> = {
    "otc-obs": {
        bucket: "opentelekomcloud:index/obsBucket:ObsBucket",
        object: "opentelekomcloud:index/obsBucketObject:ObsBucketObject",
        policy: "opentelekomcloud:index/obsBucketPolicy:ObsBucketPolicy",
        providers: OTC_PROVIDERS,
    },
    "otc-s3": {
        bucket: "opentelekomcloud:index/s3Bucket:S3Bucket",
        object: "opentelekomcloud:index/s3BucketObject:S3BucketObject",
        policy: "opentelekomcloud:index/s3BucketPolicy:S3BucketPolicy",
        providers: OTC_PROVIDERS,
    },
    "hw-obs": {
        bucket: "huaweicloud:Obs/bucket:Bucket",
        object: "huaweicloud:Obs/bucketObject:BucketObject",
        policy: "huaweicloud:Obs/bucketPolicy:BucketPolicy",
        providers: HUAWEI_PROVIDERS,
    },
    "hw-bridge": {
        bucket: "huaweicloud:index/obsBucket:ObsBucket",
        object: "huaweicloud:index/obsBucketObject:ObsBucketObject",
        policy: "huaweicloud:index/obsBucketPolicy:ObsBucketPolicy",
        providers: HUAWEI_PROVIDERS,
    },
};
const NATIVE_FAMILIES: ReadonlyArray<readonly [NativeFamily, number]> = [
    ["otc-obs", 35],
    ["otc-s3", 25],
    ["hw-obs", 25],
    ["hw-bridge", 15],
];

/** Resources of the native providers that are not OBS: no policy reads them. */
const NATIVE_OTHER: ReadonlyArray<{ readonly type: string; readonly cloud: "otc" | "hw"; readonly props: (i: number) => WireProps }> = [
    {
        type: "opentelekomcloud:index/computeInstanceV2:ComputeInstanceV2",
        cloud: "otc",
        props: (i) => ({
            name: `vm-${i}`,
            flavorId: "s3.medium.1",
            imageName: "Standard_Ubuntu_22.04_latest",
            securityGroups: ["default"],
        }),
    },
    { type: "opentelekomcloud:index/vpcV1:VpcV1", cloud: "otc", props: (i) => ({ name: `vpc-${i}`, cidr: "192.168.0.0/16" }) },
    {
        type: "huaweicloud:Ecs/instance:Instance",
        cloud: "hw",
        props: (i) => ({ name: `ecs-${i}`, flavorId: "s6.small.1", imageId: UNKNOWN.string }),
    },
    { type: "huaweicloud:Vpc/vpc:Vpc", cloud: "hw", props: (i) => ({ name: `vpc-${i}`, cidr: "192.168.0.0/16" }) },
    { type: "huaweicloud:index/vpc:Vpc", cloud: "hw", props: (i) => ({ name: `vpc-${i}`, cidr: "10.0.0.0/16" }) },
];

const OBJECT_TYPES = [T.object, T.objectV2] as const;
type Kind = "bucket" | "sseConfig" | "bucketPolicy" | "object" | "copy" | "native" | "other";

/** How often each kind of resource appears once a few buckets exist (native: about a fifth). */
const KIND_WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
    ["bucket", 8],
    ["sseConfig", 3],
    ["bucketPolicy", 3],
    ["object", 55],
    ["copy", 12],
    ["native", 25],
    ["other", 19],
];

type ObjectMode = "none" | "sse-kms" | "kms-key-id" | "kms-key-id-unknown" | "sse-and-key" | "aes256" | "sse-unknown";
const OBJECT_MODES: ReadonlyArray<readonly [ObjectMode, number]> = [
    ["none", 30],
    ["sse-kms", 20],
    ["kms-key-id", 15],
    ["kms-key-id-unknown", 10],
    ["sse-and-key", 8],
    ["aes256", 12],
    ["sse-unknown", 5],
];

type CopyMode = "plain" | "sse-kms" | "sse-c" | "source-key" | "sse-c-and-source-key" | "sse-c-unknown-key";
const COPY_MODES: ReadonlyArray<readonly [CopyMode, number]> = [
    ["plain", 20],
    ["sse-kms", 20],
    ["sse-c", 20],
    ["source-key", 15],
    ["sse-c-and-source-key", 20],
    ["sse-c-unknown-key", 5],
];

type BucketDefault = "none" | "aws:kms" | "AES256" | "unknown";
const BUCKET_DEFAULTS: ReadonlyArray<readonly [BucketDefault, number]> = [
    ["none", 40],
    ["aws:kms", 35],
    ["AES256", 15],
    ["unknown", 10],
];

interface BucketRef {
    readonly urn: string;
    readonly name: string;
    readonly provider: WireProvider;
}

interface ObjectRef {
    readonly urn: string;
    readonly bucket: BucketRef;
    readonly key: string;
}

export interface Stream {
    readonly resources: WireResource[];
    /** How many resources of each type the stream holds. */
    readonly counts: Record<string, number>;
}

function denyInsecureTransport(bucket: string): string {
    return JSON.stringify({
        Version: "2008-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

function allowRead(bucket: string): string {
    return JSON.stringify({
        Version: "2008-10-17",
        Statement: [
            {
                Sid: "PublicRead",
                Effect: "Allow",
                Principal: { ID: ["*"] },
                Action: ["s3:GetObject"],
                Resource: [`arn:aws:s3:::${bucket}/*`],
            },
        ],
    });
}

/** The OBS-format counterpart of denyInsecureTransport (OTC obs* and Huawei bucket policies). */
function obsDenyInsecureTransport(bucket: string): string {
    return JSON.stringify({
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { ID: ["*"] },
                Action: ["*"],
                Resource: [bucket, `${bucket}/*`],
                Condition: { Bool: { SecureTransport: ["false"] } },
            },
        ],
    });
}

function obsAllowRead(bucket: string): string {
    return JSON.stringify({
        Statement: [{ Sid: "PublicRead", Effect: "Allow", Principal: { ID: ["*"] }, Action: ["GetObject"], Resource: [`${bucket}/*`] }],
    });
}

/** A native object's body: Terraform-bridged resources take `source` as a file path string. */
function nativeBody(rng: Rng, i: number): WireProps {
    switch (rng.int(4)) {
        case 0:
            return { content: `row,${i}\n`.repeat(1 + rng.int(40)), contentType: "text/csv" };
        case 1:
            return { source: `./files/part-${i % 97}.bin` };
        case 2:
            return { content: UNKNOWN.string };
        default:
            return { content: JSON.stringify({ id: i, ok: true }), contentType: "application/json" };
    }
}

function content(rng: Rng, i: number): WireProps {
    switch (rng.int(5)) {
        case 0:
            return { content: `report ${i}\n`.repeat(1 + rng.int(40)) };
        case 1:
            return { contentBase64: Buffer.from(`blob-${i}-${"x".repeat(rng.int(200))}`).toString("base64") };
        case 2:
            return { source: { [SIG_KEY]: ASSET_SIG, path: `./files/part-${i % 97}.bin` } };
        case 3:
            return { content: UNKNOWN.string }; // computed from another resource's output
        default:
            return { content: JSON.stringify({ id: i, tags: ["a", "b"], ok: true }), contentType: "application/json" };
    }
}

/**
 * `n` resources from `seed`, in the order a program registers them (a bucket before its objects,
 * a source before its copies). Each resource carries its propertyDependencies and dependencies;
 * Analyze ignores them, AnalyzeStack uses them.
 */
export function generate(n: number, seed = 0x0b5_55e): Stream {
    const rng = new Rng(seed);
    const resources: WireResource[] = [];
    const counts: Record<string, number> = {};
    const buckets: BucketRef[] = [];
    const objects: ObjectRef[] = [];
    const nativeBuckets: Record<NativeFamily, BucketRef[]> = { "otc-obs": [], "otc-s3": [], "hw-obs": [], "hw-bridge": [] };
    const push = (r: WireResource) => {
        resources.push(r);
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    };
    const resource = (
        type: string,
        name: string,
        properties: WireProps,
        provider: WireProvider,
        propertyDependencies: Record<string, string[]> = {},
    ): WireResource => {
        const deps = [...new Set(Object.values(propertyDependencies).flat())];
        return { urn: urnOf(type, name), type, name, properties, provider, dependencies: deps, propertyDependencies };
    };
    /** A bucket input: the name when known, else unknown (bucket.id during preview) with the dependency. */
    const bucketInput = (b: BucketRef): { props: WireProps; deps: Record<string, string[]> } =>
        rng.chance(0.5)
            ? { props: { bucket: b.name }, deps: { bucket: [b.urn] } }
            : { props: { bucket: UNKNOWN.string }, deps: { bucket: [b.urn] } };

    for (let i = 0; i < n; i++) {
        const kind: Kind = buckets.length < 3 ? "bucket" : rng.weighted(KIND_WEIGHTS);
        switch (kind) {
            case "bucket": {
                const provider = rng.weighted(S3_PROVIDERS);
                const name = `bench-bucket-${i}`;
                const dflt = rng.weighted(BUCKET_DEFAULTS);
                const algorithm: WireValue = dflt === "unknown" ? UNKNOWN.string : dflt;
                const byDefault: WireProps =
                    dflt === "aws:kms" ? { sseAlgorithm: algorithm, kmsMasterKeyId: KMS_KEY } : { sseAlgorithm: algorithm };
                const v2 = rng.chance(0.5);
                const props: WireProps = { bucket: name, forceDestroy: false, tags: { team: `team-${i % 7}`, env: "dev" } };
                if (dflt !== "none") {
                    if (v2)
                        props.serverSideEncryptionConfigurations = [
                            { rules: [{ applyServerSideEncryptionByDefaults: [byDefault], bucketKeyEnabled: false }] },
                        ];
                    else props.serverSideEncryptionConfiguration = { rule: { applyServerSideEncryptionByDefault: byDefault } };
                }
                if (!v2 && rng.chance(0.15)) props.policy = rng.chance(0.5) ? denyInsecureTransport(name) : allowRead(name);
                push(resource(v2 ? T.bucketV2 : T.bucket, name, props, provider));
                buckets.push({ urn: urnOf(v2 ? T.bucketV2 : T.bucket, name), name, provider });
                break;
            }
            case "sseConfig": {
                const b = rng.pick(buckets);
                const { props, deps } = bucketInput(b);
                const alg = rng.weighted<WireValue>([
                    ["aws:kms", 70],
                    ["AES256", 20],
                    [UNKNOWN.string, 10],
                ]);
                const byDefault: WireProps =
                    alg === "aws:kms"
                        ? { sseAlgorithm: alg, kmsMasterKeyId: rng.chance(0.5) ? KMS_KEY : UNKNOWN.string }
                        : { sseAlgorithm: alg };
                push(
                    resource(
                        T.sseConfig,
                        `bench-sse-${i}`,
                        { ...props, rules: [{ applyServerSideEncryptionByDefault: byDefault }] },
                        b.provider,
                        alg === "aws:kms" && byDefault.kmsMasterKeyId === UNKNOWN.string
                            ? { ...deps, rules: [urnOf("aws:kms/key:Key", `bench-key-${i % 5}`)] }
                            : deps,
                    ),
                );
                break;
            }
            case "bucketPolicy": {
                const b = rng.pick(buckets);
                const { props, deps } = bucketInput(b);
                const policy = rng.weighted<WireValue>([
                    [denyInsecureTransport(b.name), 60],
                    [allowRead(b.name), 25],
                    [UNKNOWN.string, 15],
                ]);
                push(
                    resource(
                        T.policy,
                        `bench-policy-${i}`,
                        { ...props, policy },
                        b.provider,
                        policy === UNKNOWN.string ? { ...deps, policy: [b.urn] } : deps,
                    ),
                );
                break;
            }
            case "object": {
                const b = rng.pick(buckets);
                const { props, deps } = bucketInput(b);
                const type = rng.pick(OBJECT_TYPES);
                const key = `data/${i}/object-${i}.txt`;
                const own: WireProps = { ...props, key, ...content(rng, i), tags: { index: String(i) } };
                const objDeps = { ...deps };
                switch (rng.weighted(OBJECT_MODES)) {
                    case "none":
                        break;
                    case "sse-kms":
                        own.serverSideEncryption = "aws:kms";
                        break;
                    case "kms-key-id":
                        own.kmsKeyId = KMS_KEY;
                        break;
                    case "kms-key-id-unknown":
                        own.kmsKeyId = UNKNOWN.string; // a key created in the same stack
                        objDeps.kmsKeyId = [urnOf("aws:kms/key:Key", `bench-key-${i % 5}`)];
                        break;
                    case "sse-and-key":
                        own.serverSideEncryption = "aws:kms";
                        own.kmsKeyId = KMS_KEY;
                        break;
                    case "aes256":
                        own.serverSideEncryption = "AES256";
                        break;
                    case "sse-unknown":
                        own.serverSideEncryption = UNKNOWN.string;
                        break;
                }
                push(resource(type, `bench-object-${i}`, own, b.provider, objDeps));
                objects.push({ urn: urnOf(type, `bench-object-${i}`), bucket: b, key });
                break;
            }
            case "copy": {
                if (objects.length === 0) {
                    i--;
                    continue;
                }
                const src = rng.pick(objects);
                const b = rng.chance(0.7) ? src.bucket : rng.pick(buckets);
                const { props, deps } = bucketInput(b);
                const key = `copies/${i}/copy-${i}.txt`;
                const knownSource = rng.chance(0.6);
                const own: WireProps = { ...props, key, source: knownSource ? `${src.bucket.name}/${src.key}` : UNKNOWN.string };
                const copyDeps: Record<string, string[]> = { ...deps, source: [src.urn] };
                const mode = rng.weighted(COPY_MODES);
                if (mode === "sse-kms") own.kmsKeyId = KMS_KEY;
                if (mode === "sse-c" || mode === "sse-c-and-source-key") {
                    own.customerAlgorithm = "AES256";
                    own.customerKey = secret(SSE_C_KEY);
                }
                if (mode === "sse-c-unknown-key") {
                    own.customerAlgorithm = "AES256";
                    own.customerKey = secret(UNKNOWN.string);
                    copyDeps.customerKey = [urnOf("random:index/randomBytes:RandomBytes", `bench-sse-c-${i % 3}`)];
                }
                if (mode === "source-key" || mode === "sse-c-and-source-key") {
                    own.sourceCustomerAlgorithm = "AES256";
                    own.sourceCustomerKey = secret(SSE_C_KEY);
                }
                push(resource(T.copy, `bench-copy-${i}`, own, b.provider, copyDeps));
                // A copy can be the source of later copies (that is how SSE-C sources appear).
                objects.push({ urn: urnOf(T.copy, `bench-copy-${i}`), bucket: b, key });
                break;
            }
            case "native": {
                const family = rng.weighted(NATIVE_FAMILIES);
                const f = NATIVE[family];
                const known = nativeBuckets[family];
                const what =
                    known.length === 0
                        ? "bucket"
                        : rng.weighted<"bucket" | "object" | "policy">([
                              ["bucket", 15],
                              ["object", 70],
                              ["policy", 15],
                          ]);
                if (what === "bucket") {
                    const provider = rng.weighted(f.providers);
                    const name = `bench-${family}-bucket-${i}`;
                    const props: WireProps = { bucket: name, acl: "private", tags: { team: `team-${i % 7}` } };
                    const mode = rng.weighted<"none" | "kms" | "kms-key-unknown" | "aes256" | "unknown">([
                        ["none", 35],
                        ["kms", 35],
                        ["kms-key-unknown", 10],
                        ["aes256", 10],
                        ["unknown", 10],
                    ]);
                    if (family === "otc-obs") {
                        props.storageClass = "STANDARD";
                        if (mode === "kms" || mode === "aes256") props.serverSideEncryption = { algorithm: "kms", kmsKeyId: KMS_KEY };
                        if (mode === "kms-key-unknown") props.serverSideEncryption = { algorithm: "kms", kmsKeyId: UNKNOWN.string };
                        if (mode === "unknown") props.serverSideEncryption = { algorithm: UNKNOWN.string, kmsKeyId: KMS_KEY };
                    } else if (family === "otc-s3") {
                        props.forceDestroy = false; // S3Bucket has no encryption inputs
                    } else {
                        props.storageClass = "STANDARD";
                        if (mode === "kms") Object.assign(props, { encryption: true, sseAlgorithm: "kms", kmsKeyId: KMS_KEY });
                        if (mode === "kms-key-unknown") Object.assign(props, { encryption: true, kmsKeyId: UNKNOWN.string });
                        if (mode === "aes256") Object.assign(props, { encryption: true, sseAlgorithm: "AES256" });
                        if (mode === "unknown") Object.assign(props, { encryption: UNKNOWN.string });
                    }
                    push(resource(f.bucket, name, props, provider));
                    known.push({ urn: urnOf(f.bucket, name), name, provider });
                } else if (what === "object") {
                    const b = rng.pick(known);
                    const { props, deps } = bucketInput(b);
                    const key = `native/${i}/object-${i}.txt`;
                    const own: WireProps = { ...props, key, ...nativeBody(rng, i) };
                    const objDeps = { ...deps };
                    const mode = rng.weighted<"none" | "kms" | "kms-key" | "kms-key-unknown" | "aes256" | "unknown">([
                        ["none", 30],
                        ["kms", 20],
                        ["kms-key", 20],
                        ["kms-key-unknown", 10],
                        ["aes256", 10],
                        ["unknown", 10],
                    ]);
                    if (family === "otc-s3") {
                        if (mode === "kms" || mode === "kms-key" || mode === "kms-key-unknown") own.serverSideEncryption = "aws:kms";
                        if (mode === "kms-key") own.sseKmsKeyId = KMS_KEY;
                        if (mode === "aes256") own.serverSideEncryption = "AES256"; // refused by OTC's S3 API
                        if (mode === "unknown") own.serverSideEncryption = UNKNOWN.string;
                    } else {
                        // OTC ObsBucketObject and the Huawei objects: a boolean `encryption` (SSE-KMS) and `kmsKeyId`.
                        if (mode !== "none" && mode !== "unknown") own.encryption = true;
                        if (mode === "unknown") own.encryption = UNKNOWN.string; // the engine sends every unknown as the string sentinel
                        if (mode === "kms-key" || mode === "aes256") own.kmsKeyId = KMS_KEY;
                    }
                    if (mode === "kms-key-unknown") {
                        own[family === "otc-s3" ? "sseKmsKeyId" : "kmsKeyId"] = UNKNOWN.string;
                        objDeps.kmsKeyId = [urnOf("opentelekomcloud:index/kmsKeyV1:KmsKeyV1", `bench-key-${i % 5}`)];
                    }
                    push(resource(f.object, `bench-${family}-object-${i}`, own, b.provider, objDeps));
                } else {
                    const b = rng.pick(known);
                    const { props, deps } = bucketInput(b);
                    const s3Dialect = family === "otc-s3" || (family !== "otc-obs" && rng.chance(0.2));
                    const policy = rng.weighted<WireValue>([
                        [s3Dialect ? denyInsecureTransport(b.name) : obsDenyInsecureTransport(b.name), 60],
                        [s3Dialect ? allowRead(b.name) : obsAllowRead(b.name), 25],
                        [UNKNOWN.string, 15],
                    ]);
                    const own: WireProps = { ...props, policy };
                    if (s3Dialect && family.startsWith("hw")) own.policyFormat = "s3";
                    push(
                        resource(
                            f.policy,
                            `bench-${family}-policy-${i}`,
                            own,
                            b.provider,
                            policy === UNKNOWN.string ? { ...deps, policy: [b.urn] } : deps,
                        ),
                    );
                }
                break;
            }
            case "other": {
                const which = rng.int(5);
                if (which === 0) {
                    push(
                        resource(
                            "aws:ec2/instance:Instance",
                            `bench-vm-${i}`,
                            {
                                ami: "ami-0123456789abcdef0",
                                instanceType: rng.pick(["t3.micro", "t3.small", "m5.large"]),
                                tags: { Name: `vm-${i}` },
                                userData: UNKNOWN.string,
                                vpcSecurityGroupIds: [UNKNOWN.string],
                            },
                            AWS_PLAIN,
                        ),
                    );
                } else if (which === 1) {
                    push(
                        resource(
                            "aws:iam/role:Role",
                            `bench-role-${i}`,
                            {
                                assumeRolePolicy: JSON.stringify({
                                    Version: "2012-10-17",
                                    Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }],
                                }),
                                name: `role-${i}`,
                            },
                            AWS_PLAIN,
                        ),
                    );
                } else if (which === 2) {
                    push(
                        resource(
                            "aws:kms/key:Key",
                            `bench-kms-${i}`,
                            { description: `key ${i}`, deletionWindowInDays: 7, enableKeyRotation: true },
                            rng.weighted(S3_PROVIDERS),
                        ),
                    );
                } else if (which === 3) {
                    push(resource("random:index/randomPet:RandomPet", `bench-pet-${i}`, { length: 2, separator: "-" }, RANDOM));
                } else {
                    const other = rng.pick(NATIVE_OTHER);
                    push(
                        resource(
                            other.type,
                            `bench-native-other-${i}`,
                            other.props(i),
                            rng.weighted(other.cloud === "otc" ? OTC_PROVIDERS : HUAWEI_PROVIDERS),
                        ),
                    );
                }
                break;
            }
        }
    }
    return { resources, counts };
}
