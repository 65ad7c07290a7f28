// A deterministic `pulumi stack export` (deployment v3) with N resources, for measuring obs-sse-check
// on states: groups of buckets, bucket encryption configurations and objects in several
// encryption modes, behind four aws providers as a state holds them (a default provider from stack
// config over http with path style, an explicit one over https with insecure "true", one whose
// endpoint is a ciphertext secret, one that talks to AWS). Each resource has inputs and outputs;
// about a quarter of the objects break a mandatory rule.
//   node bin/bench/stackExport.js <resources> <out.json>
import { writeFileSync } from "node:fs";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
const KMS = "eu-de:0123456789abcdef0123456789abcdef:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const urn = (type: string, name: string) => `urn:pulumi:bench::objstore::${type}::${name}`;
const STACK = urn("pulumi:pulumi:Stack", "objstore-bench");

function providers(): Array<{ resource: Record<string, Json>; ref: string }> {
    const make = (name: string, inputs: Record<string, Json>) => {
        const id = `00000000-0000-4000-8000-${String(name.length).padStart(12, "0")}`;
        const u = urn("pulumi:providers:aws", name);
        return {
            resource: { urn: u, custom: true, id, type: "pulumi:providers:aws", inputs, outputs: inputs, parent: STACK },
            ref: `${u}::${id}`,
        };
    };
    return [
        make("default_7_48_0", {
            endpoints: JSON.stringify([{ s3: "http://obs.eu-de.otc.t-systems.com" }]),
            region: "eu-de",
            s3UsePathStyle: "true",
            skipCredentialsValidation: "true",
            secretKey: { [SIG]: SECRET, ciphertext: "v1:AAAAAAAAAAAAAAAA:AAAAAAAA" },
            version: "7.48.0",
        }),
        make("obs-https", {
            endpoints: JSON.stringify([{ s3: "https://obs.eu-de.otc.t-systems.com" }]),
            insecure: "true",
            version: "7.48.0",
        }),
        make("obs-redacted", { endpoints: { [SIG]: SECRET, ciphertext: "v1:AAAAAAAAAAAAAAAA:BBBBBBBB" }, version: "7.48.0" }),
        make("aws", { region: "eu-central-1", version: "7.48.0" }),
    ];
}

/** One group: a bucket, its encryption configuration and eight objects, 10 resources. */
function group(g: number, provider: string): Array<Record<string, Json>> {
    const bucket = `bench-${g}`;
    const bucketUrn = urn("aws:s3/bucketV2:BucketV2", bucket);
    const base = (type: string, name: string, inputs: Record<string, Json>, outputs: Record<string, Json>, deps: string[] = []) => ({
        urn: urn(type, name),
        custom: true,
        id: name,
        type,
        inputs,
        outputs,
        parent: STACK,
        provider,
        dependencies: deps,
        propertyDependencies: (deps.length > 0 ? { bucket: deps } : {}) as Record<string, Json>,
    });
    const out: Array<Record<string, Json>> = [
        base(
            "aws:s3/bucketV2:BucketV2",
            bucket,
            { __defaults: ["forceDestroy"], bucket, forceDestroy: false },
            { bucket, id: bucket, arn: `arn:aws:s3:::${bucket}`, forceDestroy: false, tags: {}, tagsAll: {} },
        ),
        base(
            "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
            `${bucket}-sse`,
            { bucket, rules: [{ applyServerSideEncryptionByDefault: { kmsMasterKeyId: KMS, sseAlgorithm: "aws:kms" } }] },
            {
                bucket,
                id: bucket,
                rules: [{ applyServerSideEncryptionByDefault: { kmsMasterKeyId: KMS, sseAlgorithm: "aws:kms" }, bucketKeyEnabled: false }],
            },
            [bucketUrn],
        ),
    ];
    for (let i = 0; i < 8; i++) {
        const key = `o-${i}.txt`;
        const mode = i % 4;
        const enc: Record<string, Json> =
            mode === 0 ? { serverSideEncryption: "aws:kms", kmsKeyId: KMS } : mode === 1 ? { serverSideEncryption: "AES256" } : {};
        const inputs: Record<string, Json> = { __defaults: [], bucket, key, content: "x".repeat(16), ...enc };
        const outputs: Record<string, Json> = {
            bucket,
            key,
            content: "x".repeat(16),
            id: key,
            etag: "0",
            versionId: "",
            serverSideEncryption: mode === 0 ? "aws:kms" : mode === 1 ? "AES256" : "aws:kms",
            kmsKeyId: mode === 1 ? "" : KMS,
            tags: {},
            tagsAll: {},
        };
        out.push(base("aws:s3/bucketObjectv2:BucketObjectv2", `${bucket}-${i}`, mode === 3 ? {} : inputs, outputs, [bucketUrn]));
    }
    return out;
}

export function generateStackExport(n: number): Record<string, Json> {
    const ps = providers();
    const resources: Array<Record<string, Json>> = [
        { urn: STACK, custom: false, type: "pulumi:pulumi:Stack" },
        ...ps.map((p) => p.resource),
    ];
    for (let g = 0; resources.length < n; g++) resources.push(...group(g, ps[g % ps.length]!.ref));
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-12-01T00:00:00Z", magic: "", version: "v3.249.0" },
            secrets_providers: { type: "passphrase", state: { salt: "v1:AAAAAAAAAAA=:v1:AAAAAAAAAAAAAAAA:AAAA" } },
            resources: resources.slice(0, n),
        },
    };
}

if (require.main === module) {
    const [count, out] = process.argv.slice(2);
    if (!count || !out) throw new Error("usage: node bin/bench/stackExport.js <resources> <out.json>");
    writeFileSync(out, JSON.stringify(generateStackExport(Number(count))));
}
