// A deterministic Terraform plan (format 1.2, as `terraform show -json` writes it) with N
// resource instances, for measuring obs-sse-check: groups of count-ed resources (buckets, bucket
// encryption configurations, objects in several encryption modes, SSE-C copies, bucket policies)
// behind three aws provider configurations (OBS over http with path style, OBS over https, real
// AWS) plus an OTC native group. About a third of the objects break a mandatory rule, so the
// output is as large as a bad day's.
//   node bin/bench/terraformPlan.js <resources> <out.json>
import { writeFileSync } from "node:fs";

const AWS = "registry.terraform.io/hashicorp/aws";
const OTC = "registry.terraform.io/opentelekomcloud/opentelekomcloud";
const KMS = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const C = (v: Json): Json => ({ constant_value: v });
const R = (...refs: string[]): Json => ({ references: refs });

interface Kind {
    readonly type: string;
    readonly name: string;
    readonly provider: string;
    /** Share of the instances of one group. */
    readonly per: number;
    readonly after: (i: number, group: string) => Record<string, Json>;
    readonly unknown: Record<string, Json>;
    readonly sensitive: Record<string, Json>;
    readonly config: Record<string, Json>;
}

/** What a plan leaves unknown of an object whose encryption comes from its bucket's default (kms_key_id and the algorithm included). */
const encryptedByBucketUnknown = {
    arn: true,
    etag: true,
    id: true,
    version_id: true,
    tags_all: true,
    content_type: true,
    storage_class: true,
    kms_key_id: true,
    server_side_encryption: true,
};

function kinds(group: string, provider: string): Kind[] {
    const bucket = (i: number) => `bench-${group}-${i}`;
    const objectAttrs = {
        acl: null,
        cache_control: null,
        content_base64: null,
        force_destroy: false,
        metadata: null,
        source: null,
        tags: null,
        region: "eu-de",
    };
    return [
        {
            type: "aws_s3_bucket",
            name: "b",
            provider,
            per: 1,
            after: (i) => ({ bucket: bucket(i), force_destroy: false, object_lock_enabled: null, tags: null, region: "eu-de" }),
            unknown: { arn: true, id: true, policy: true, server_side_encryption_configuration: true, tags_all: true, versioning: true },
            sensitive: { tags_all: {} },
            config: { bucket: R("local.prefix") },
        },
        {
            type: "aws_s3_bucket_server_side_encryption_configuration",
            name: "sse",
            provider,
            per: 1,
            after: () => ({
                expected_bucket_owner: null,
                region: "eu-de",
                rule: [
                    {
                        apply_server_side_encryption_by_default: [{ kms_master_key_id: KMS, sse_algorithm: "aws:kms" }],
                        bucket_key_enabled: null,
                    },
                ],
            }),
            unknown: { bucket: true, id: true, rule: [{ apply_server_side_encryption_by_default: [{}] }] },
            sensitive: { rule: [{ apply_server_side_encryption_by_default: [{}] }] },
            config: {
                bucket: R("aws_s3_bucket.b.id", "aws_s3_bucket.b"),
                rule: [{ apply_server_side_encryption_by_default: [{ kms_master_key_id: C(KMS), sse_algorithm: C("aws:kms") }] }],
            },
        },
        {
            type: "aws_s3_object",
            name: "kms",
            provider,
            per: 2,
            after: (i) => ({
                ...objectAttrs,
                bucket: bucket(i >> 1),
                key: `kms/${i}.txt`,
                content: "hello\n",
                server_side_encryption: "aws:kms",
                kms_key_id: KMS,
            }),
            unknown: { arn: true, etag: true, id: true, version_id: true, tags_all: true, content_type: true, storage_class: true },
            sensitive: { tags_all: {} },
            config: {
                bucket: R("aws_s3_bucket.b", "count.index"),
                key: R("count.index"),
                content: C("hello\n"),
                server_side_encryption: C("aws:kms"),
                kms_key_id: C(KMS),
            },
        },
        {
            type: "aws_s3_object",
            name: "inherits",
            provider,
            per: 2,
            after: (i) => ({ ...objectAttrs, key: `inherits/${i}.txt`, content: "hello\n" }),
            unknown: { bucket: true, ...encryptedByBucketUnknown },
            sensitive: { tags_all: {} },
            config: { bucket: R("aws_s3_bucket.b", "count.index"), key: R("count.index"), content: C("hello\n") },
        },
        {
            type: "aws_s3_object",
            name: "plain",
            provider,
            per: 1,
            after: (i) => ({ ...objectAttrs, bucket: bucket(i), key: `plain/${i}.txt`, content: "hello\n" }),
            unknown: encryptedByBucketUnknown,
            sensitive: { tags_all: {} },
            config: { bucket: R("local.prefix", "count.index"), key: R("count.index"), content: C("hello\n") },
        },
        {
            type: "aws_s3_object_copy",
            name: "ssec",
            provider,
            per: 1,
            after: (i) => ({
                bucket: bucket(i),
                key: `copy/${i}.txt`,
                source: `${bucket(i)}/plain/${i}.txt`,
                customer_algorithm: "AES256",
                customer_key: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
                region: "eu-de",
            }),
            unknown: { etag: true, id: true, kms_key_id: true, server_side_encryption: true, version_id: true },
            sensitive: { customer_key: true, source_customer_key: true, kms_key_id: true, kms_encryption_context: true },
            config: {
                bucket: R("local.prefix", "count.index"),
                key: R("count.index"),
                source: R("local.prefix", "count.index"),
                customer_algorithm: C("AES256"),
                customer_key: R("var.ssec_key"),
            },
        },
        {
            type: "aws_s3_bucket_policy",
            name: "tls",
            provider,
            per: 1,
            after: (i) => ({
                bucket: bucket(i),
                region: "eu-de",
                policy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [
                        {
                            Effect: "Deny",
                            Principal: "*",
                            Action: "s3:*",
                            Resource: [`arn:aws:s3:::${bucket(i)}`, `arn:aws:s3:::${bucket(i)}/*`],
                            Condition: { Bool: { "aws:SecureTransport": "false" } },
                        },
                    ],
                }),
            }),
            unknown: { id: true },
            sensitive: {},
            config: { bucket: R("aws_s3_bucket.b.id", "aws_s3_bucket.b"), policy: {} },
        },
    ];
}

function otcKinds(): Kind[] {
    const bucket = (i: number) => `bench-otc-${i}`;
    return [
        {
            type: "opentelekomcloud_obs_bucket",
            name: "b",
            provider: "opentelekomcloud",
            per: 1,
            after: (i) => ({ bucket: bucket(i), server_side_encryption: [{ algorithm: "kms", kms_key_id: "4f1cd4de" }] }),
            unknown: { id: true, region: true },
            sensitive: {},
            config: { bucket: R("local.prefix") },
        },
        {
            type: "opentelekomcloud_obs_bucket_object",
            name: "o",
            provider: "opentelekomcloud",
            per: 4,
            after: (i) => ({ bucket: bucket(i >> 2), key: `o/${i}`, content: "x", encryption: true }),
            unknown: { id: true, etag: true, size: true, version_id: true },
            sensitive: {},
            config: {
                bucket: R("opentelekomcloud_obs_bucket.b", "count.index"),
                key: R("count.index"),
                content: C("x"),
                encryption: C(true),
            },
        },
        {
            type: "opentelekomcloud_s3_bucket_object",
            name: "s3",
            provider: "opentelekomcloud",
            per: 1,
            after: (i) => ({ bucket: bucket(i), key: `s3/${i}`, content: "x", server_side_encryption: "AES256" }),
            unknown: { id: true, etag: true, version_id: true },
            sensitive: {},
            config: { bucket: R("local.prefix"), key: R("count.index"), content: C("x"), server_side_encryption: C("AES256") },
        },
    ];
}

export function generatePlan(total: number): object {
    const groups: Array<{ module: string; kinds: Kind[]; full: string }> = [
        { module: "module.obs_http", kinds: kinds("http", "aws.obs_http"), full: AWS },
        { module: "module.obs_https", kinds: kinds("https", "aws.obs"), full: AWS },
        { module: "module.on_aws", kinds: kinds("aws", "aws"), full: AWS },
        { module: "module.otc", kinds: otcKinds(), full: OTC },
    ];
    const units = groups.reduce((n, g) => n + g.kinds.reduce((m, k) => m + k.per, 0), 0);
    const perGroupUnit = Math.max(1, Math.floor(total / units));
    // The remainder goes to the first group's unencrypted objects, so that the plan has exactly `total` instances.
    const extra = Math.max(0, total - perGroupUnit * units);
    const changes: object[] = [];
    const planned: Record<string, object[]> = {};
    const moduleCalls: Record<string, object> = {};
    for (const g of groups) {
        const resources: object[] = [];
        for (const k of g.kinds) {
            const count = perGroupUnit * k.per + (g === groups[0] && k.name === "plain" ? extra : 0);
            resources.push({
                address: `${k.type}.${k.name}`,
                mode: "managed",
                type: k.type,
                name: k.name,
                provider_config_key: k.provider,
                expressions: k.config,
                schema_version: 0,
                count_expression: C(count),
            });
            for (let i = 0; i < count && changes.length < total; i++) {
                const address = `${g.module}.${k.type}.${k.name}[${i}]`;
                const after = k.after(i, g.module);
                if (k.name === "plain" && g === groups[0] && i >= perGroupUnit) after.bucket = `bench-extra-${i}`;
                changes.push({
                    address,
                    module_address: g.module,
                    mode: "managed",
                    type: k.type,
                    name: k.name,
                    index: i,
                    provider_name: g.full,
                    change: {
                        actions: ["create"],
                        before: null,
                        after,
                        after_unknown: k.unknown,
                        before_sensitive: false,
                        after_sensitive: k.sensitive,
                    },
                });
                (planned[g.module] ??= []).push({
                    address,
                    mode: "managed",
                    type: k.type,
                    name: k.name,
                    index: i,
                    provider_name: g.full,
                    schema_version: 0,
                    values: after,
                    sensitive_values: k.sensitive,
                });
            }
        }
        moduleCalls[g.module.slice("module.".length)] = { source: `./modules/${g.module.slice(7)}`, module: { resources } };
    }
    const obs = (endpoint: string, extra: Record<string, Json> = {}) => ({
        name: "aws",
        full_name: AWS,
        version_constraint: "~> 6.0",
        expressions: {
            region: C("eu-de"),
            skip_credentials_validation: C(true),
            skip_region_validation: C(true),
            skip_requesting_account_id: C(true),
            endpoints: [{ s3: C(endpoint) }],
            ...extra,
        },
    });
    return {
        format_version: "1.2",
        terraform_version: "1.13.3",
        variables: { ssec_key: { value: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=" } },
        planned_values: { root_module: { child_modules: Object.entries(planned).map(([address, resources]) => ({ address, resources })) } },
        resource_changes: changes,
        configuration: {
            provider_config: {
                aws: { name: "aws", full_name: AWS, version_constraint: "~> 6.0", expressions: { region: C("eu-central-1") } },
                "aws.obs_http": { ...obs("http://obs.eu-de.otc.t-systems.com", { s3_use_path_style: C(true) }), alias: "obs_http" },
                "aws.obs": { ...obs("https://obs.eu-de.otc.t-systems.com"), alias: "obs" },
                opentelekomcloud: {
                    name: "opentelekomcloud",
                    full_name: OTC,
                    expressions: { auth_url: C("https://iam.eu-de.otc.t-systems.com/v3"), region: C("eu-de") },
                },
            },
            root_module: { module_calls: moduleCalls, variables: { ssec_key: { sensitive: true } } },
        },
        timestamp: "2026-11-27T10:00:00Z",
        applyable: true,
        complete: true,
        errored: false,
    };
}

if (require.main === module) {
    const [total, out] = [Number(process.argv[2]), process.argv[3]];
    if (!Number.isInteger(total) || total <= 0 || !out) {
        process.stderr.write("usage: node bin/bench/terraformPlan.js <resources> <out.json>\n");
        process.exit(2);
    }
    const plan = generatePlan(total) as { resource_changes: unknown[] };
    // One line, as `terraform show -json` prints it.
    writeFileSync(out, JSON.stringify(plan));
    process.stdout.write(`${out}: ${plan.resource_changes.length} resource instances\n`);
}
