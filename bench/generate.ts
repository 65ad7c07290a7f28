// A deterministic stream of resources as `pulumi preview` sends them, for benchmarks: OBS buckets,
// objects and copies in every encryption mode, bucket encryption configurations and bucket
// policies, spread over ~20 providers (https/http/insecure/path-style OBS, Huawei, an endpoint
// computed during preview, an endpoint without scheme, a non-OBS S3 endpoint, plain AWS, the
// default provider, and non-AWS providers), plus resources of other types. Objects link to their
// buckets and copies to their sources through propertyDependencies, as AnalyzeStack sends them.
// Same seed and size, same stream: no Math.random anywhere.
import { ASSET_SIG, SIG_KEY, type WireProps, type WireProvider, type WireResource, type WireValue, awsProvider, defaultAwsProvider, KMS_KEY, SSE_C_KEY, T, UNKNOWN, secret, urnOf } from "../testing";

/** mulberry32: a small, fast, seeded PRNG with a 2^32 period; enough for picking cases. */
function mulberry32(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

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
        return items[this.int(items.length)];
    }
    weighted<X>(items: ReadonlyArray<readonly [X, number]>): X {
        const total = items.reduce((s, [, w]) => s + w, 0);
        let r = this.next() * total;
        for (const [x, w] of items) {
            r -= w;
            if (r < 0) return x;
        }
        return items[items.length - 1][0];
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
    [awsProvider({ name: "obs-s3api", raw: { endpoints: JSON.stringify([{ sts: "https://iam.eu-nl.otc.t-systems.com", s3api: "https://obs.eu-nl.otc.t-systems.com" }]) } }), 2],
    [awsProvider({ name: "huawei-ap", endpoint: "https://obs.ap-southeast-1.myhuaweicloud.com" }), 4],
    [awsProvider({ name: "huawei-eu-http", endpoint: "http://obs.eu-west-101.myhuaweicloud.eu" }), 2],
    [awsProvider({ name: "obs-computed", endpoint: UNKNOWN.string }), 2],
    [awsProvider({ name: "obs-no-scheme", endpoint: "obs.eu-de.otc.t-systems.com" }), 1],
    [awsProvider({ name: "minio", endpoint: "https://minio.corp.example:9000" }), 3],
    [awsProvider({ name: "aws-eu", raw: { region: "eu-central-1" } }), 6],
    [defaultAwsProvider({
        region: "eu-de",
        endpoints: JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]),
        skipCredentialsValidation: "true",
        skipRegionValidation: "true",
        skipRequestingAccountId: "true",
    }), 8],
];

/** Providers for the resources that are not S3 at all. */
const AWS_PLAIN = awsProvider({ name: "aws-us", raw: { region: "us-east-1" } });
const RANDOM = providerOf("pulumi:providers:random", "default_4_18_0", { version: "4.18.0" });
const OTC = providerOf("pulumi:providers:opentelekomcloud", "otc", {
    authUrl: "https://iam.eu-de.otc.t-systems.com/v3",
    region: "eu-de",
    accessKey: secret("AKIAFAKEACCESSKEY0002"),
    secretKey: secret("fake/secret/key/do-not-echo-0002"),
    version: "1.36.0",
});

/** Every provider the stream uses (for reporting). */
export const PROVIDERS: readonly WireProvider[] = [...S3_PROVIDERS.map(([p]) => p), AWS_PLAIN, RANDOM, OTC];

const OBJECT_TYPES = [T.object, T.objectV2] as const;
type Kind = "bucket" | "sseConfig" | "bucketPolicy" | "object" | "copy" | "other";

/** How often each kind of resource appears once a few buckets exist. */
const KIND_WEIGHTS: ReadonlyArray<readonly [Kind, number]> = [
    ["bucket", 8],
    ["sseConfig", 3],
    ["bucketPolicy", 3],
    ["object", 55],
    ["copy", 12],
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
        Statement: [{
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }],
    });
}

function allowRead(bucket: string): string {
    return JSON.stringify({
        Version: "2008-10-17",
        Statement: [{
            Sid: "PublicRead",
            Effect: "Allow",
            Principal: { ID: ["*"] },
            Action: ["s3:GetObject"],
            Resource: [`arn:aws:s3:::${bucket}/*`],
        }],
    });
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
    const push = (r: WireResource) => {
        resources.push(r);
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    };
    const resource = (type: string, name: string, properties: WireProps, provider: WireProvider, propertyDependencies: Record<string, string[]> = {}): WireResource => {
        const deps = [...new Set(Object.values(propertyDependencies).flat())];
        return { urn: urnOf(type, name), type, name, properties, provider, dependencies: deps, propertyDependencies };
    };
    /** A bucket input: the name when known, else unknown (bucket.id during preview) with the dependency. */
    const bucketInput = (b: BucketRef): { props: WireProps; deps: Record<string, string[]> } =>
        rng.chance(0.5) ? { props: { bucket: b.name }, deps: { bucket: [b.urn] } } : { props: { bucket: UNKNOWN.string }, deps: { bucket: [b.urn] } };

    for (let i = 0; i < n; i++) {
        const kind: Kind = buckets.length < 3 ? "bucket" : rng.weighted(KIND_WEIGHTS);
        switch (kind) {
            case "bucket": {
                const provider = rng.weighted(S3_PROVIDERS);
                const name = `bench-bucket-${i}`;
                const dflt = rng.weighted(BUCKET_DEFAULTS);
                const algorithm: WireValue = dflt === "unknown" ? UNKNOWN.string : dflt;
                const byDefault: WireProps = dflt === "aws:kms" ? { sseAlgorithm: algorithm, kmsMasterKeyId: KMS_KEY } : { sseAlgorithm: algorithm };
                const v2 = rng.chance(0.5);
                const props: WireProps = { bucket: name, forceDestroy: false, tags: { team: `team-${i % 7}`, env: "dev" } };
                if (dflt !== "none") {
                    if (v2) props.serverSideEncryptionConfigurations = [{ rules: [{ applyServerSideEncryptionByDefaults: [byDefault], bucketKeyEnabled: false }] }];
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
                const alg = rng.weighted<WireValue>([["aws:kms", 70], ["AES256", 20], [UNKNOWN.string, 10]]);
                const byDefault: WireProps = alg === "aws:kms" ? { sseAlgorithm: alg, kmsMasterKeyId: rng.chance(0.5) ? KMS_KEY : UNKNOWN.string } : { sseAlgorithm: alg };
                push(resource(T.sseConfig, `bench-sse-${i}`, { ...props, rules: [{ applyServerSideEncryptionByDefault: byDefault }] }, b.provider,
                    alg === "aws:kms" && byDefault.kmsMasterKeyId === UNKNOWN.string ? { ...deps, rules: [urnOf("aws:kms/key:Key", `bench-key-${i % 5}`)] } : deps));
                break;
            }
            case "bucketPolicy": {
                const b = rng.pick(buckets);
                const { props, deps } = bucketInput(b);
                const policy = rng.weighted<WireValue>([[denyInsecureTransport(b.name), 60], [allowRead(b.name), 25], [UNKNOWN.string, 15]]);
                push(resource(T.policy, `bench-policy-${i}`, { ...props, policy }, b.provider, policy === UNKNOWN.string ? { ...deps, policy: [b.urn] } : deps));
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
            case "other": {
                const which = rng.int(5);
                if (which === 0) {
                    push(resource("aws:ec2/instance:Instance", `bench-vm-${i}`, {
                        ami: "ami-0123456789abcdef0", instanceType: rng.pick(["t3.micro", "t3.small", "m5.large"]),
                        tags: { Name: `vm-${i}` }, userData: UNKNOWN.string, vpcSecurityGroupIds: [UNKNOWN.string],
                    }, AWS_PLAIN));
                } else if (which === 1) {
                    push(resource("aws:iam/role:Role", `bench-role-${i}`, {
                        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                        name: `role-${i}`,
                    }, AWS_PLAIN));
                } else if (which === 2) {
                    push(resource("aws:kms/key:Key", `bench-kms-${i}`, { description: `key ${i}`, deletionWindowInDays: 7, enableKeyRotation: true }, rng.weighted(S3_PROVIDERS)));
                } else if (which === 3) {
                    push(resource("random:index/randomPet:RandomPet", `bench-pet-${i}`, { length: 2, separator: "-" }, RANDOM));
                } else {
                    push(resource("opentelekomcloud:index/obsBucket:ObsBucket", `bench-otc-bucket-${i}`, {
                        bucket: `otc-native-${i}`, storageClass: "STANDARD", serverSideEncryption: { algorithm: "kms", kmsKeyId: KMS_KEY },
                    }, OTC));
                }
                break;
            }
        }
    }
    return { resources, counts };
}
