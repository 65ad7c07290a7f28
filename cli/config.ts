// The --config file: the same file as `pulumi preview --policy-pack-config` (levels per policy,
// "all", policy options), reconciled and validated as the engine does it (through the harness's
// reconciliation, so the messages are the same), plus one section only this command reads:
//   "obs-sse-check": { "providerEndpoints": { "<provider config key>": "<endpoint URL>" } }
// naming the endpoint of a Terraform provider configuration whose endpoint the plan cannot show.
import { readFileSync } from "node:fs";
import Ajv, { type ErrorObject } from "ajv";
import { policies } from "../policies/registry";
import { reconcilePolicyConfig, type PolicyConfigFile } from "./harness";
import type { PolicyConfig } from "./runPolicies";
import { InputError } from "./terraform/plan";
import { PACK_NAME, PACK_VERSION } from "./version";

/** The key of this command's own section in the config file. */
export const CLI_SECTION = "obs-sse-check";

const CLI_SECTION_SCHEMA = {
    type: "object",
    additionalProperties: false,
    properties: {
        providerEndpoints: {
            type: "object",
            description: "Endpoint URL of the object storage, by Terraform provider configuration key (aws.obs, module.store:aws).",
            additionalProperties: { type: "string", pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$" },
        },
    },
};

const validateSection = new Ajv({ allErrors: true, strict: false }).compile(CLI_SECTION_SCHEMA);

function describeError(e: ErrorObject): string {
    const where = e.instancePath === "" ? "" : `${e.instancePath.slice(1).replace(/\//g, ".")}: `;
    const extra = e.keyword === "additionalProperties" ? ` (${String((e.params as { additionalProperty?: unknown }).additionalProperty)})` : "";
    // A pattern failure names the key, not the value (which may carry credentials).
    const message = e.keyword === "pattern" ? "must be an http:// or https:// URL" : e.message ?? e.keyword;
    return `${where}${message}${extra}`;
}

export interface CheckConfig {
    /** What Configure would hand the pack: level and properties per policy. */
    readonly policies: PolicyConfig;
    /** The raw policy section, for the Pulumi-program path (which configures a real pack). */
    readonly file: PolicyConfigFile;
    readonly providerEndpoints: ReadonlyMap<string, string>;
}

/** The pack as GetAnalyzerInfo describes it, for reconciliation. */
function analyzerInfo() {
    return {
        name: PACK_NAME,
        displayName: PACK_NAME,
        version: PACK_VERSION,
        supportsConfig: true,
        description: "",
        policies: policies.map((p) => ({
            name: p.name, displayName: p.name, description: p.description, enforcementLevel: p.enforcementLevel, severity: p.severity,
            tags: [...p.tags], remediationSteps: p.remediationSteps, url: p.url, policyType: "validateStack" in p ? "stack" as const : "resource" as const,
            configSchema: { properties: { ...(p.configSchema.properties ?? {}) } as Record<string, unknown>, required: [...(p.configSchema.required ?? [])] },
        })),
    };
}

export function loadConfig(file: string | undefined): CheckConfig {
    let raw: unknown = {};
    if (file !== undefined) {
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch (e) {
            const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
            throw new InputError(code === "ENOENT" ? `${file}: no such config file` : `${file}: the config file cannot be read (${code || "read error"})`);
        }
        try {
            raw = JSON.parse(text);
        } catch {
            throw new InputError(`${file}: the config file is not JSON`);
        }
        if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw new InputError(`${file}: the config file must be a JSON object of policy names to levels or options`);
    }
    const { [CLI_SECTION]: section, ...policyFile } = raw as Record<string, unknown>;
    if (section !== undefined && !validateSection(section)) {
        throw new InputError(`${file}: ${CLI_SECTION}: ${(validateSection.errors ?? []).map(describeError).join(", ")}`);
    }
    const endpoints = (section as { providerEndpoints?: Record<string, string> } | undefined)?.providerEndpoints ?? {};
    let reconciled;
    try {
        reconciled = reconcilePolicyConfig(analyzerInfo(), policyFile as PolicyConfigFile);
    } catch (e) {
        throw new InputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { policies: reconciled, file: policyFile as PolicyConfigFile, providerEndpoints: new Map(Object.entries(endpoints)) };
}
