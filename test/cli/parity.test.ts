// The plain checks (policies/run.ts, what obs-sse-check runs on plans) and the pack behind the
// analyzer protocol agree: on the same resources, the same verdicts and messages, and each record's
// calls and fix are the ones its message states. And the CLI's config reconciliation describes the pack exactly as
// GetAnalyzerInfo does, so --config accepts, refuses and words errors as --policy-pack-config does.
import * as path from "node:path";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { beforeAll, describe, expect, it } from "vitest";
import { policies } from "../../policies/registry";
import { loadConfig } from "../../cli/config";
import { checkResources, checkStack, type CheckedRecord, type PolicyConfig } from "../../policies/run";
import type { StackResource } from "../../policies/stack/view";
import { type CapturedProgram } from "../../engine/capture";
import { capturedExample } from "../support/captureCache";
import { sharedPack } from "../support/sharedPack";
import { PROCESS_TIMEOUT_MS } from "../support/timeouts";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../../engine/config";
import type { AnalyzerInfo, PackProcess } from "../../engine/pack";
import { replayProgram } from "../../engine/replay";
import type { WireProps } from "../../engine/wire";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { at, field } from "../support/items";

const { deserializeProperties } = require("@pulumi/policy/deserialize") as {
    deserializeProperties: (s: Struct, proxySecrets: boolean) => Record<string, unknown>;
};
const plain = (p: WireProps) => deserializeProperties(Struct.fromJavaScript(p as never), false);

describe("adapter and config against the pack process", () => {
    let pack: PackProcess;
    let info: AnalyzerInfo;
    const programs: Record<string, CapturedProgram> = {};
    beforeAll(async () => {
        const names = ["violations", "otc-native", "huawei"];
        const [p, ...captured] = await Promise.all([sharedPack(), ...names.map((n) => capturedExample(n))]);
        pack = p;
        info = await pack.getAnalyzerInfo();
        names.forEach((n, i) => (programs[n] = at(captured, i)));
    }, PROCESS_TIMEOUT_MS);

    const configs: Record<string, PolicyConfigFile> = {
        defaults: {},
        levels: {
            all: "mandatory",
            "obs-https-hardening": "disabled",
            "obs-sse-signature-version": { enforcementLevel: "advisory", providerSignatures: { "obs-http": "V2" } },
        },
    };

    for (const name of ["violations", "otc-native", "huawei"]) {
        for (const [label, file] of Object.entries(configs)) {
            it(`${name}, ${label} config: the same diagnostics in-process as through the protocol`, async () => {
                const program = field(programs, name);
                await pack.configureStack({ stack: program.stack, project: program.project, dryRun: true, config: program.config });
                const reconciled = await pack.configure(file);
                const viaPack = (await replayProgram(pack, program)).diagnostics
                    .map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn}\n${d.message}`)
                    .sort();
                const resources = program.resources.map((r) => ({
                    type: r.type,
                    urn: r.urn,
                    name: r.name,
                    props: plain(r.properties),
                    provider: r.provider && {
                        type: r.provider.type,
                        urn: r.provider.urn,
                        name: r.provider.name,
                        props: plain(r.provider.properties),
                    },
                    propertyDependencies: r.propertyDependencies ?? {},
                }));
                const config = reconciled as PolicyConfig;
                const byUrn = new Map(resources.map((r) => [r.urn, { ...r, propertyDependencies: {} as Record<string, StackResource[]> }]));
                for (const r of resources) {
                    for (const [k, urns] of Object.entries(r.propertyDependencies))
                        byUrn.get(r.urn)!.propertyDependencies[k] = urns.flatMap((u) => byUrn.get(u) ?? []);
                }
                const records = [...checkResources(policies, resources, config), ...checkStack(policies, [...byUrn.values()], config)];
                const inProcess = records.map((d) => `${d.level} ${d.policy} ${d.subject}\n${d.message}`).sort();
                expect(viaPack.length).toBeGreaterThan(0);
                expect(inProcess).toEqual(viaPack);
                for (const d of records) expectFieldsInMessage(d);
                if (name === "violations") {
                    expect(records.some((d) => d.finding.calls.length > 0 && d.finding.calls.every((c) => c.row !== undefined))).toBe(true);
                    expect(records.some((d) => d.finding.fix?.kind === "set")).toBe(true);
                }
            });
        }
    }

    /** Each record's structured fields say what its message says: the rows its calls cite, the value its fix sets. */
    function expectFieldsInMessage(d: CheckedRecord): void {
        for (const c of d.finding.calls) {
            expect(d.message).toContain(c.interface);
            if (c.row) expect(d.message).toContain(`${c.row.edition} matrix table ${c.row.table} `);
            if (c.row) expect(d.message).toMatch(new RegExp(`table ${c.row.table} \\([^)]*\\), row ${c.row.row}:`));
        }
        const fix = d.finding.fix;
        if (fix?.kind === "set") expect(d.message).toContain(fix.value);
        if (fix?.kind === "add-statement") expect(d.message).toContain(JSON.stringify(fix.statement));
        if (fix?.kind === "advice") expect(d.message).toContain(fix.text);
    }

    it("--config reconciles exactly as the engine does for the pack's own GetAnalyzerInfo", () => {
        const dir = mkdtempSync(path.join(tmpdir(), "obs-sse-config-"));
        const files: PolicyConfigFile[] = [
            {},
            { all: "advisory", "obs-sse-transfer-protocol": { obsHosts: ["gw.example"] } },
            { "obs-sse-signature-version": { providerSignatures: { p: "V3" } } },
            { "obs-sse-transfer-protocol": { obsHosts: "gw.example", extra: 1 } },
            { "obs-sse-transfer-protocol": "sometimes" } as unknown as PolicyConfigFile,
        ];
        for (const [i, file] of files.entries()) {
            const where = path.join(dir, `c${i}.json`);
            writeFileSync(where, JSON.stringify(file));
            let expected: string;
            try {
                expected = JSON.stringify(reconcilePolicyConfig(info, file));
            } catch (e) {
                expected = `error: ${where}: ${(e as Error).message}`;
            }
            let actual: string;
            try {
                actual = JSON.stringify(loadConfig(where).policies);
            } catch (e) {
                actual = `error: ${(e as Error).message}`;
            }
            expect(actual).toBe(expected);
        }
    });
});
