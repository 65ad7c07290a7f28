// Policy config handling: the engine's reconciliation reproduced (testing/config.ts), the checks it
// adds (misspelt policy and option names), prototype keys as ordinary names, messages that describe
// values instead of quoting them, and the command's --config file (cli/config.ts).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzerInfo, loadConfig } from "../cli/config";
import { checkPlan } from "../cli/terraform/check";
import { InputError } from "../cli/terraform/plan";
import { readScopeConfig, readProviderSignatures } from "../policies/config";
import { closestName, editDistance } from "../policies/configErrors";
import { policies } from "../policies/registry";
import { PolicyConfigError, reconcilePolicyConfig, type PolicyConfigFile } from "../engine/config";
import type { AnalyzerInfo } from "../engine/types";
import { field } from "./support/items";

/** The pack as GetAnalyzerInfo describes it, with a version of its own that messages name. */
const info: AnalyzerInfo = { ...analyzerInfo(), name: "obs-sse", version: "9.9.9" };
const PROTOCOL = "obs-sse-transfer-protocol";

function failure(run: () => unknown): PolicyConfigError {
    try {
        run();
    } catch (e) {
        expect(e).toBeInstanceOf(PolicyConfigError);
        return e as PolicyConfigError;
    }
    throw new Error("expected a PolicyConfigError");
}

const scratch = mkdtempSync(path.join(tmpdir(), "obs-sse-config-"));
let written = 0;
function configFile(content: unknown): string {
    const f = path.join(scratch, `config-${written++}.json`);
    writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
    return f;
}

function inputError(file: string): string {
    try {
        loadConfig(file);
    } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
    }
    throw new Error("expected an InputError");
}

describe("edit distance", () => {
    it("counts insertions, deletions, substitutions and swaps", () => {
        expect(editDistance("obsHost", "obsHosts")).toBe(1);
        expect(editDistance("protocl", "protocol")).toBe(1);
        expect(editDistance("ediiton", "edition")).toBe(1);
        expect(editDistance("", "abc")).toBe(3);
        expect(editDistance("kitten", "sitting")).toBe(3);
    });

    it("suggests only a close name", () => {
        expect(closestName("obsHost", ["obsHosts", "edition"])).toBe("obsHosts");
        expect(closestName("OBSHOSTS", ["obsHosts", "edition"])).toBe("obsHosts");
        expect(closestName("region", ["obsHosts", "edition"])).toBeUndefined();
    });
});

describe("misspelt names are errors with a suggestion", () => {
    it("a policy name the pack does not have", () => {
        const e = failure(() => reconcilePolicyConfig(info, { "obs-sse-transfer-protocl": "advisory" }));
        expect(e.stage).toBe("validating");
        expect(e.message).toBe(
            "validating policy config: obs-sse 9.9.9  obs-sse-transfer-protocl: not a policy of this pack; did you mean obs-sse-transfer-protocol?",
        );
    });

    it("a name close to nothing lists the policies", () => {
        const e = failure(() => reconcilePolicyConfig(info, { "something-else-entirely": "advisory" }));
        expect(e.message).toContain(
            `something-else-entirely: not a policy of this pack; its policies are ${policies.map((p) => p.name).join(", ")}`,
        );
    });

    it("an option the policy does not declare (it would fall back to its default)", () => {
        const e = failure(() => reconcilePolicyConfig(info, { [PROTOCOL]: { obsHost: ["gw.example.com"] } }));
        expect(e.errors).toEqual([`${PROTOCOL}: obsHost: not an option of this policy; did you mean obsHosts?`]);
    });

    it("an option of a policy that takes none, and options under all", () => {
        const schemaless = info.policies.find((p) => Object.keys(p.configSchema?.properties ?? {}).length === 0);
        if (schemaless) {
            const e = failure(() => reconcilePolicyConfig(info, { [schemaless.name]: { obsHosts: [] } }));
            expect(e.errors).toEqual([`${schemaless.name}: obsHosts: this policy takes no options`]);
        }
        const all = failure(() => reconcilePolicyConfig(info, { all: { enforcementLevel: "advisory", obsHosts: ["gw.example.com"] } }));
        expect(all.errors[0]).toMatch(/^all: obsHosts: options under "all" are not applied to any policy/);
    });

    it("an entry the engine drops ({}) is still a misspelling", () => {
        expect(failure(() => reconcilePolicyConfig(info, { "obs-sse-transfer-protocl": {} } as PolicyConfigFile)).errors).toHaveLength(1);
    });

    it("all errors are listed, sorted as the engine sorts them", () => {
        const e = failure(() =>
            reconcilePolicyConfig(info, {
                "obs-sse-signature-version": { obsHost: [] },
                [PROTOCOL]: { obsHosts: "x", ediiton: "otc-s3" },
            } as PolicyConfigFile),
        );
        expect(e.errors).toEqual([
            "obs-sse-signature-version: obsHost: not an option of this policy; did you mean obsHosts?",
            `${PROTOCOL}: ediiton: not an option of this policy; did you mean edition?`,
            `${PROTOCOL}: obsHosts: Invalid type. Expected: array, given: string`,
        ]);
    });

    it("the command: exit-2 input errors with the same wording, its own section and all stay valid", () => {
        expect(inputError(configFile({ "obs-sse-transfer-protocl": "advisory" }))).toMatch(
            /config-\d+\.json: validating policy config: obs-sse \S+ {2}obs-sse-transfer-protocl: not a policy of this pack; did you mean obs-sse-transfer-protocol\?$/,
        );
        expect(inputError(configFile({ [PROTOCOL]: { obsHost: ["gw.example.com"] } }))).toContain(
            `${PROTOCOL}: obsHost: not an option of this policy; did you mean obsHosts?`,
        );
        expect(inputError(configFile({ "obs-sse-chek": {} }))).toContain(
            "obs-sse-chek: not a policy of this pack; did you mean obs-sse-check?",
        );
        expect(inputError(configFile({ "obs-sse-check": { providerEndpoint: {} } }))).toContain(
            "obs-sse-check: providerEndpoint: not a setting of this section; did you mean providerEndpoints?",
        );
        const ok = loadConfig(
            configFile({ all: "advisory", "obs-sse-check": { providerEndpoints: {} }, [PROTOCOL]: { obsHosts: ["gw.example.com"] } }),
        );
        expect(ok.policies[PROTOCOL]).toEqual({ enforcementLevel: "advisory", properties: { obsHosts: ["gw.example.com"] } });
    });
});

describe("the command given no config", () => {
    it("takes what the engine's reconciliation of an empty config gives: the pack's defaults are valid and none is required", () => {
        const reconciled = reconcilePolicyConfig(analyzerInfo(), {});
        expect(loadConfig(undefined).policies).toStrictEqual(reconciled);
        expect(Object.keys(reconciled).sort()).toEqual(policies.map((p) => p.name).sort());
    });

    it("compiles no schema: ajv is not loaded (the build's bin/cli/config.js)", async () => {
        const { execFileSync } = await import("node:child_process");
        const loaded = execFileSync(
            process.execPath,
            [
                "-e",
                "require('./bin/cli/config.js').loadConfig(undefined); process.stdout.write(String(Object.keys(require.cache).some((f) => f.includes('/node_modules/ajv/'))))",
            ],
            { encoding: "utf8", cwd: path.resolve(__dirname, "..") },
        );
        expect(loaded).toBe("false");
    });
});

describe("the engine's reconciliation (unknownNames: as-engine)", () => {
    const asEngine = { unknownNames: "as-engine" } as const;

    it("passes an unknown name with a level on to Configure, and options under all nowhere", () => {
        const r = reconcilePolicyConfig(
            info,
            { "obs-sse-transfer-protocl": "disabled", all: { enforcementLevel: "advisory", obsHosts: ["gw.example.com"] } },
            {},
            asEngine,
        );
        expect(r["obs-sse-transfer-protocl"]).toEqual({ enforcementLevel: "disabled", properties: {} });
        expect(r.all).toEqual({ enforcementLevel: "advisory", properties: { obsHosts: ["gw.example.com"] } });
        expect(r[PROTOCOL]).toEqual({ enforcementLevel: "advisory", properties: { obsHosts: [] } });
    });

    it("fails as Configure does for an unknown name given only options, and drops empty entries", () => {
        const e = failure(() =>
            reconcilePolicyConfig(info, { "obs-sse-transfer-protocl": { obsHosts: ["gw.example.com"] } }, {}, asEngine),
        );
        expect(e.stage).toBe("configuring");
        expect(e.message).toBe('configuring policy pack "obs-sse": invalid enforcement level ""');
        expect(Object.keys(reconcilePolicyConfig(info, { typo: {} } as PolicyConfigFile, {}, asEngine))).toEqual(
            policies.map((p) => p.name),
        );
    });

    it("does not check option names: the misspelt option is sent, the real one keeps its default", () => {
        const r = reconcilePolicyConfig(info, { [PROTOCOL]: { obsHost: ["gw.example.com"] } }, {}, asEngine);
        expect(field(r, PROTOCOL).properties).toEqual({ obsHosts: [], obsHost: ["gw.example.com"] });
    });

    it("layers defaults, initial config, all, then each policy", () => {
        const r = reconcilePolicyConfig(
            info,
            { all: "disabled", [PROTOCOL]: { enforcementLevel: "mandatory", edition: "otc-obs" } },
            { [PROTOCOL]: { obsHosts: ["a.example.com"] } },
            asEngine,
        );
        expect(r[PROTOCOL]).toEqual({ enforcementLevel: "mandatory", properties: { obsHosts: ["a.example.com"], edition: "otc-obs" } });
        expect(
            Object.entries(r)
                .filter(([name]) => name !== PROTOCOL && name !== "all")
                .every(([, c]) => c.enforcementLevel === "disabled"),
        ).toBe(true);
    });

    it("takes environments as ESC references, not a policy; the default mode cannot resolve them", () => {
        expect(
            Object.keys(reconcilePolicyConfig(info, { environments: ["org/env"] } as unknown as PolicyConfigFile, {}, asEngine)),
        ).not.toContain("environments");
        expect(
            failure(() => reconcilePolicyConfig(info, { environments: "org/env" } as unknown as PolicyConfigFile, {}, asEngine)).message,
        ).toBe('"environments" must be an array of strings, got a string of 7 characters');
        expect(failure(() => reconcilePolicyConfig(info, { environments: ["org/env"] } as unknown as PolicyConfigFile)).errors[0]).toMatch(
            /^environments: Pulumi ESC environments are not resolved here/,
        );
    });

    it("refuses config for a pack that does not support it", () => {
        expect(failure(() => reconcilePolicyConfig({ ...info, supportsConfig: false }, { all: "advisory" })).message).toBe(
            'configuring policy pack "obs-sse": policy pack "obs-sse" does not support config',
        );
    });
});

describe("prototype keys are ordinary names", () => {
    for (const key of ["__proto__", "constructor", "prototype"]) {
        it(`"${key}" as a policy name is an unknown policy, and nothing global changes`, () => {
            const file = JSON.parse(`{"${key}": "disabled"}`) as PolicyConfigFile;
            const e = failure(() => reconcilePolicyConfig(info, file));
            expect(e.errors).toEqual([expect.stringMatching(new RegExp(`^${key}: not a policy of this pack`))]);
            expect(Object.prototype).not.toHaveProperty("enforcementLevel");
            expect(({} as Record<string, unknown>).enforcementLevel).toBeUndefined();
            // A long-lived process goes on working: the next, valid config reconciles.
            expect(field(reconcilePolicyConfig(info, { [PROTOCOL]: "disabled" }), PROTOCOL).enforcementLevel).toBe("disabled");
            const engine = reconcilePolicyConfig(info, file, {}, { unknownNames: "as-engine" });
            expect(Object.getPrototypeOf(engine)).toBeNull();
            expect(Object.keys(engine)).toContain(key);
            expect(field(engine, key).enforcementLevel).toBe("disabled");
        });

        it(`"${key}" as an option name is an unknown option; in a level object it is not a prototype`, () => {
            const file = JSON.parse(`{"${PROTOCOL}": {"${key}": {"enforcementLevel": "disabled"}}}`) as PolicyConfigFile;
            expect(failure(() => reconcilePolicyConfig(info, file)).errors).toEqual([
                expect.stringMatching(new RegExp(`^${PROTOCOL}: ${key}: not an option of this policy`)),
            ]);
            const engine = reconcilePolicyConfig(info, file, {}, { unknownNames: "as-engine" });
            expect(field(engine, PROTOCOL).enforcementLevel).toBe(info.policies.find((p) => p.name === PROTOCOL)?.enforcementLevel);
            expect(Object.keys(field(engine, PROTOCOL).properties)).toEqual(["obsHosts", key]);
        });
    }

    it("the policy readers read only own options", () => {
        const inherited = Object.create({ obsHosts: ["gw.example.com"], edition: "otc-obs", providerSignatures: { aws: "V2" } }) as Record<
            string,
            unknown
        >;
        expect(readScopeConfig(inherited).value).toEqual({ obsHosts: [], edition: undefined });
        expect(readProviderSignatures(inherited).value.size).toBe(0);
        const own = JSON.parse('{"providerSignatures": {"__proto__": "V2", "constructor": "V4"}}') as unknown;
        expect([...readProviderSignatures(own).value]).toEqual([
            ["__proto__", "V2"],
            ["constructor", "V4"],
        ]);
    });

    it("providerEndpoints keys __proto__ and constructor are read", () => {
        const cfg = loadConfig(
            configFile('{"obs-sse-check": {"providerEndpoints": {"__proto__": "https://a.example", "constructor": "http://b.example"}}}'),
        );
        expect([...cfg.providerEndpoints]).toEqual([
            ["__proto__", "https://a.example"],
            ["constructor", "http://b.example"],
        ]);
        expect(inputError(configFile('{"obs-sse-check": {"providerEndpoints": {"__proto__": 5}}}'))).toContain(
            "providerEndpoints.__proto__: Invalid type. Expected: string, given: integer",
        );
    });

    for (const key of ["__proto__", "constructor"]) {
        it(`an endpoint named for provider configuration key "${key}" is found in the plan`, async () => {
            const plan = JSON.parse(readFileSync(path.resolve(__dirname, "../examples/terraform/local-endpoint/plan.json"), "utf8")) as {
                configuration: {
                    provider_config: Record<string, unknown>;
                    root_module: { resources: Array<{ provider_config_key: string }> };
                };
            };
            const providers = plan.configuration.provider_config;
            const renamed = JSON.parse(JSON.stringify(providers).replace('"aws.obs":', `"${key}":`)) as Record<string, unknown>;
            plan.configuration.provider_config = renamed;
            for (const r of plan.configuration.root_module.resources) if (r.provider_config_key === "aws.obs") r.provider_config_key = key;
            const planFile = configFile(JSON.stringify(plan));
            const cfg = loadConfig(
                configFile(`{"obs-sse-check": {"providerEndpoints": {"${key}": "http://obs.eu-de.otc.t-systems.com"}}}`),
            );
            const { report } = await checkPlan(planFile, cfg);
            const mandatory = report.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.policy);
            expect(mandatory).toContain(PROTOCOL);
        });
    }
});

describe("messages describe values, never quote them", () => {
    const PLANTED = "AKIAPLANTEDSECRET";

    it("parsing errors", () => {
        const cases: Array<[PolicyConfigFile, string]> = [
            [
                { [PROTOCOL]: [PLANTED] } as unknown as PolicyConfigFile,
                `parsing "${PROTOCOL}": an array of 1 item is not a valid value; must be a string or object`,
            ],
            [
                { [PROTOCOL]: PLANTED } as unknown as PolicyConfigFile,
                `parsing enforcement level for "${PROTOCOL}": a string of 17 characters is not a valid enforcement level; expected advisory, mandatory, remediate, disabled`,
            ],
            [
                { [PROTOCOL]: { enforcementLevel: PLANTED } } as unknown as PolicyConfigFile,
                `parsing enforcement level for "${PROTOCOL}": a string of 17 characters is not a valid enforcement level; expected advisory, mandatory, remediate, disabled`,
            ],
            [
                { [PROTOCOL]: { enforcementLevel: 12345 } } as unknown as PolicyConfigFile,
                `parsing enforcement level for "${PROTOCOL}": an integer is not a valid enforcement level; must be a string`,
            ],
            [
                { [PROTOCOL]: 12345 } as unknown as PolicyConfigFile,
                `parsing "${PROTOCOL}": an integer is not a valid value; must be a string or object`,
            ],
        ];
        for (const [file, message] of cases) {
            const e = failure(() => reconcilePolicyConfig(info, file));
            expect(e.stage).toBe("parsing");
            expect(e.message).toBe(message);
            expect(e.message).not.toContain("12345");
        }
    });

    it("schema errors, worded as the engine's gojsonschema words them", () => {
        const e = failure(() =>
            reconcilePolicyConfig(info, {
                [PROTOCOL]: { obsHosts: [PLANTED, `https://${PLANTED}.example.com`, ""], edition: PLANTED },
                "obs-sse-signature-version": { providerSignatures: { aws: PLANTED }, edition: 5 },
            }),
        );
        expect(e.message).not.toContain(PLANTED);
        expect(e.errors).toEqual([
            "obs-sse-signature-version: edition: Invalid type. Expected: string, given: integer",
            'obs-sse-signature-version: providerSignatures.aws: providerSignatures.aws must be one of the following: "V2", "V4", "OBS"',
            `${PROTOCOL}: edition: edition must be one of the following: "otc-s3", "otc-obs", "huawei-obs"`,
            expect.stringMatching(
                new RegExp(
                    `^${PROTOCOL}: obsHosts\\.1: Does not match pattern '.+' \\(expected a host name such as obs\\.example\\.com or \\*\\.example\\.com, without scheme, port or path\\)$`,
                ),
            ),
            expect.stringMatching(new RegExp(`^${PROTOCOL}: obsHosts\\.2: Does not match pattern`)),
            `${PROTOCOL}: obsHosts.2: String length must be greater than or equal to 1`,
        ]);
    });

    it("the command's file: never the planted value, and the section's URL check says what it wants", () => {
        for (const content of [
            { [PROTOCOL]: [PLANTED] },
            { all: PLANTED },
            { [PROTOCOL]: { edition: PLANTED } },
            { "obs-sse-check": { providerEndpoints: { "aws.obs": PLANTED } } },
            { "obs-sse-check": PLANTED },
        ]) {
            const m = inputError(configFile(content));
            expect(m).not.toContain(PLANTED);
        }
        expect(inputError(configFile({ "obs-sse-check": { providerEndpoints: { "aws.obs": PLANTED } } }))).toMatch(
            /obs-sse-check: providerEndpoints\.aws\.obs: Does not match pattern '.*' \(expected an http:\/\/ or https:\/\/ URL\)$/,
        );
        expect(inputError(configFile({ "obs-sse-check": PLANTED }))).toMatch(
            /obs-sse-check: must be an object, not a string of 17 characters$/,
        );
    });

    it("names are escaped for the terminal", () => {
        const e = failure(() => reconcilePolicyConfig(info, { "obs\u001b[2J": "advisory" }));
        expect(e.message).not.toContain("\u001b");
        expect(e.message).toContain("obs\\u001b[2J");
    });

    it("the policy readers describe a malformed option instead of quoting it", () => {
        const { problems } = readScopeConfig({ edition: "V3", obsHosts: ["ok.example.com", "https://gw.example.com"] });
        expect(problems).toEqual([
            "policy option obsHosts[1] must be a host name such as obs.example.com or *.example.com, without scheme, port or path, got a string of 22 characters; the list was ignored",
            "policy option edition must be one of otc-s3, otc-obs, huawei-obs, got a string of 2 characters; it was ignored",
        ]);
    });
});

describe("obsHosts entries the pack could never match are refused by the schema", () => {
    for (const [entry, valid] of [
        ["obs.example.com", true],
        ["*.obs.corp.example", true],
        [" gw.example. ", true],
        ["[::1]", true],
        ["fd00::1", true],
        ["https://gw.example.com", false],
        ["gw.example.com:443", false],
        ["gw.example.com/path", false],
        ["*", false],
        ["   ", false],
        ["bücher.example", false],
    ] as const) {
        it(`${JSON.stringify(entry)}: ${valid ? "accepted" : "refused"} by the schema and the reader alike`, () => {
            const run = () => reconcilePolicyConfig(info, { [PROTOCOL]: { obsHosts: [entry] } });
            if (valid) expect(field(run(), PROTOCOL).properties.obsHosts).toEqual([entry]);
            else failure(run);
            expect(readScopeConfig({ obsHosts: [entry] }).problems).toHaveLength(valid ? 0 : 1);
        });
    }
});
