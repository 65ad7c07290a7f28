// `node bin/bench/hugeInputs.js [PACK_DIR] [CASE_WORD]`: what huge string inputs cost the pack, through the
// analyzer protocol: wall time of one Analyze call, the pack process's peak RSS during it, and
// the size of the answer. PACK_DIR defaults to this repository (built); pass a build of another
// commit to compare. Not part of `npm test`; BENCHMARKS.md-style numbers for the review's recipes.
import * as path from "node:path";
import { PackProcess, type WireResource } from "../testing";
import { awsProvider, KMS_KEY, resource, T } from "../testing/resources";
import { peakRss, resetPeakRss } from "./procfs";
import { elapsedMs, now } from "./stats";

const MB = 1024 * 1024;

interface Case {
    readonly name: string;
    readonly resource: () => WireResource;
}

const https = awsProvider({ name: "https", endpoint: "https://obs.eu-de.otc.t-systems.com" });

const CASES: readonly Case[] = [
    {
        name: "content of 100 MB (SSE-KMS object, https provider)",
        resource: () => resource(T.objectV2, "big-content", { bucket: "b", content: "x".repeat(100 * MB), kmsKeyId: KMS_KEY }, https),
    },
    {
        name: "contentBase64 of 100 MB (SSE-KMS object, https provider)",
        resource: () => resource(T.objectV2, "big-b64", { bucket: "b", contentBase64: "QUJD".repeat(25 * MB), kmsKeyId: KMS_KEY }, https),
    },
    {
        name: "endpoint path of 50 MB (SSE-KMS object, http provider)",
        resource: () =>
            resource(
                T.objectV2,
                "long-path",
                { bucket: "b", content: "x", kmsKeyId: KMS_KEY },
                awsProvider({ name: "long", endpoint: `http://obs.eu-de.otc.t-systems.com/${"p".repeat(50 * MB)}` }),
            ),
    },
];

async function main(): Promise<void> {
    const packDir = path.resolve(process.argv[2] ?? path.resolve(__dirname, "../.."));
    console.log(`pack: ${packDir}`);
    const only = process.argv[3];
    for (const c of CASES.filter((x) => only === undefined || x.name.includes(only))) {
        // One fresh pack per case, so each peak is that case's own.
        const pack = await PackProcess.launch(packDir, { timeoutMs: 300_000 });
        try {
            await pack.configure({});
            const r = c.resource();
            const pid = pack.pid!;
            resetPeakRss(pid);
            const start = now();
            const res = await pack.analyze(r);
            const ms = elapsedMs(start);
            const peak = peakRss(pid);
            const answer = JSON.stringify(res).length;
            const longest = Math.max(0, ...res.diagnostics.map((d) => d.message.length));
            console.log(
                `${c.name}: ${Math.round(ms)} ms, peak RSS ${peak === undefined ? "?" : Math.round(peak / MB)} MiB, ` +
                    `${res.diagnostics.length} diagnostics, answer ${answer} characters, longest message ${longest} characters`,
            );
        } finally {
            await pack.close();
        }
    }
}

main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
});
