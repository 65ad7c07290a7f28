// Measures obs-sse-check on generated Terraform states of N resource instances, in both forms (the
// raw state file, version 4, and `terraform show -json` of it): wall time, CPU time and peak RSS
// of the whole command, without providerEndpoints (every endpoint unknown: one finding per
// provider) and with endpoints over http (every encrypted object judged, a third of them broken).
// The goal is the one plans have: < 15 s and < 1.5 GiB at 50,000 resources.
//   npm run build && node bin/bench/terraformState.js            # 50,000 instances
//   node bin/bench/terraformState.js 1000 10000                   # other sizes
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import * as path from "node:path";
import { measureChecked } from "./measureCommand";

const GOAL = { resources: 50_000, seconds: 15, bytes: 1.5 * 1024 ** 3 };
const AWS = "registry.terraform.io/hashicorp/aws";
const KMS = "arn:aws:kms:eu-de:0123456789:key/4f1cd4de-ab64-4807-920a-47fc42e7f0d0";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** An aws_s3_object's attributes as the aws provider 6.x writes them to state. */
function object(bucket: string, key: string, mode: number): Record<string, Json> {
    return {
        acl: null,
        arn: `arn:aws:s3:::${bucket}/${key}`,
        bucket,
        bucket_key_enabled: false,
        cache_control: "",
        checksum_algorithm: null,
        content: `object ${key}\n`,
        content_base64: null,
        content_type: "text/plain",
        etag: "b1946ac92492d2347c6235b4d2611184",
        force_destroy: false,
        id: `${bucket}/${key}`,
        key,
        kms_key_id: mode === 1 ? KMS : null,
        metadata: {},
        override_provider: [],
        region: "eu-de",
        server_side_encryption: mode === 1 ? "aws:kms" : mode === 2 ? "AES256" : "",
        source: null,
        storage_class: "STANDARD",
        tags: {},
        tags_all: {},
        version_id: "",
    };
}

/** A raw state (version 4) of `n` instances: buckets and objects in the root and in counted modules, behind three providers. */
export function generateState(n: number): { raw: Json; show: Json } {
    const resources: Json[] = [];
    const modules = new Map<string, Json[]>();
    const providers = [`provider["${AWS}"]`, `provider["${AWS}"].obs`, `module.store.provider["${AWS}"]`];
    let made = 0;
    for (let group = 0; made < n; group++) {
        const module = group % 4 === 0 ? undefined : `module.shard[${group % 7}]`;
        const provider = providers[group % providers.length]!;
        const count = Math.min(500, n - made);
        const name = `g${group}`;
        const instances = Array.from({ length: count }, (_, i) => ({
            index_key: i,
            schema_version: 0,
            attributes: object(`bucket-${group}`, `k/${i}.txt`, i % 3) as Json,
            sensitive_attributes: [],
            private: "eyJzY2hlbWFfdmVyc2lvbiI6IjAifQ==",
        }));
        resources.push({ ...(module && { module }), mode: "managed", type: "aws_s3_object", name, provider, instances });
        const entries = modules.get(module ?? "") ?? [];
        instances.forEach((x) =>
            entries.push({
                address: `${module ? `${module}.` : ""}aws_s3_object.${name}[${x.index_key}]`,
                mode: "managed",
                type: "aws_s3_object",
                name,
                index: x.index_key,
                provider_name: AWS,
                schema_version: 0,
                values: x.attributes,
                sensitive_values: { metadata: {}, override_provider: [], tags: {}, tags_all: {} },
            }),
        );
        modules.set(module ?? "", entries);
        made += count;
    }
    const raw: Json = { version: 4, terraform_version: "1.11.4", serial: 1, lineage: "bench", outputs: {}, resources, check_results: null };
    const children = [...modules].filter(([m]) => m !== "").map(([address, rs]) => ({ resources: rs, address }));
    const show: Json = {
        format_version: "1.0",
        terraform_version: "1.11.4",
        values: { root_module: { resources: modules.get("") ?? [], child_modules: children } },
    };
    return { raw, show };
}

function main(): number {
    const sizes = process.argv
        .slice(2)
        .map(Number)
        .filter((n) => Number.isInteger(n) && n > 0);
    const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-tfstate-bench-"));
    const lines = [
        `Machine: ${cpus().length} × ${cpus()[0]?.model ?? "unknown CPU"}, Node ${process.version}; load average at start ${(loadavg()[0] ?? 0).toFixed(1)}.`,
        "",
        "| instances | form | size | endpoints | format | wall time (s) | CPU time (s) | peak RSS (MiB) | exit |",
        "|---:|---|---:|---|---|---:|---:|---:|---:|",
    ];
    const config = path.join(dir, "config.json");
    const http = "http://obs.eu-de.otc.t-systems.com";
    writeFileSync(
        config,
        JSON.stringify({ "obs-sse-check": { providerEndpoints: { aws: http, "aws.obs": http, "module.store:aws": http } } }),
    );
    let failed = false;
    try {
        for (const n of sizes.length > 0 ? sizes : [50_000]) {
            const { raw, show } = generateState(n);
            for (const [form, doc] of [
                ["raw v4", raw],
                ["show -json", show],
            ] as const) {
                const file = path.join(dir, `state-${n}-${form === "raw v4" ? "raw" : "show"}.json`);
                writeFileSync(file, JSON.stringify(doc));
                const mib = (statSync(file).size / 1024 ** 2).toFixed(1);
                for (const [endpoints, args] of [
                    ["unknown", []],
                    ["http", ["--config", config]],
                ] as const) {
                    for (const format of endpoints === "unknown" ? ["text"] : ["text", "json", "sarif"]) {
                        const m = measureChecked(file, format, dir, args);
                        lines.push(
                            `| ${n.toLocaleString("en-US")} | ${form} | ${mib} MiB | ${endpoints} | ${format} | ${m.seconds.toFixed(2)} | ${m.cpuSeconds.toFixed(2)} | ${(m.maxRssKiB / 1024).toFixed(0)} | ${m.exit} |`,
                        );
                        if (n >= GOAL.resources && (m.seconds >= GOAL.seconds || m.maxRssKiB * 1024 >= GOAL.bytes)) failed = true;
                    }
                }
            }
        }
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
    process.stdout.write(`${lines.join("\n")}\n`);
    if (failed) process.stderr.write(`goal missed: ${GOAL.resources} resources must take < ${GOAL.seconds} s and < 1.5 GiB\n`);
    return failed ? 1 : 0;
}

if (require.main === module) process.exit(main());
