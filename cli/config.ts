// The --config file: the same file as `pulumi preview --policy-pack-config` (levels per policy,
// "all", policy options), reconciled and validated as the engine does it (the engine's
// reconciliation in engine/config.ts, which the testing API uses too, so the messages are the same),
// plus one section only this command reads:
//   "obs-sse-check": { "providerEndpoints": { "<provider config key>": "<endpoint URL>" } }
// naming the endpoint of a Terraform provider configuration whose endpoint the plan cannot show.
import { readFileSync } from "node:fs";
import type { ValidateFunction } from "ajv";
import { describeConfigValue, describeSchemaErrors, shownName, suggestion } from "../policies/configErrors";
import { policies } from "../policies/registry";
import { isRecord } from "../policies/wireValues";
import {
    defaultPolicyConfig,
    newSchemaCompiler,
    reconcilePolicyConfig,
    type PolicyConfigFile,
    type ReconciledConfig,
} from "../engine/config";
import type { AnalyzerInfo } from "../engine/types";
import { InputError } from "./inputError";
import { PACK_NAME, PACK_VERSION } from "./version";

/** The key of this command's own section in the config file. */
export const CLI_SECTION = "obs-sse-check";

/** An endpoint URL in providerEndpoints: http:// or https:// and no spaces. */
const ENDPOINT_URL_PATTERN = "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$";

const CLI_SECTION_SCHEMA = {
    type: "object",
    additionalProperties: false,
    properties: {
        providerEndpoints: {
            type: "object",
            description: "Endpoint URL of the object storage, by Terraform provider configuration key (aws.obs, module.store:aws).",
            additionalProperties: { type: "string", pattern: ENDPOINT_URL_PATTERN },
        },
    },
};

/** Compiled when a config file has the section. */
let sectionValidator: ValidateFunction | undefined;

export interface CheckConfig {
    /** What Configure would hand the pack: level and properties per policy. */
    readonly policies: ReconciledConfig;
    /** The raw policy section, for the Pulumi-program path (which configures a real pack). */
    readonly file: PolicyConfigFile;
    readonly providerEndpoints: ReadonlyMap<string, string>;
}

/** The pack as GetAnalyzerInfo describes it, for reconciliation (the tests reconcile against it too). */
export function analyzerInfo(): AnalyzerInfo {
    return {
        name: PACK_NAME,
        displayName: PACK_NAME,
        version: PACK_VERSION,
        supportsConfig: true,
        description: "",
        policies: policies.map((p) => ({
            name: p.name,
            displayName: p.name,
            description: p.description,
            enforcementLevel: p.enforcementLevel,
            severity: p.severity,
            tags: [...p.tags],
            remediationSteps: p.remediationSteps,
            url: p.url,
            policyType: "validateStack" in p ? ("stack" as const) : ("resource" as const),
            configSchema: {
                properties: { ...(p.configSchema.properties ?? {}) } as Record<string, unknown>,
                required: [...(p.configSchema.required ?? [])],
            },
        })),
    };
}

/** A JSON object's own entries copied into a null-prototype object ("__proto__" stays an ordinary key). */
function ownEntries(value: Record<string, unknown>, except?: string): Record<string, unknown> {
    const out = Object.create(null) as Record<string, unknown>;
    for (const key of Object.keys(value)) if (key !== except) out[key] = value[key];
    return out;
}

/** The section's errors: a misspelt key gets a suggestion, a bad value is described, never shown. */
function sectionErrors(section: unknown): string[] {
    if (!isRecord(section)) return [`must be an object, not ${describeConfigValue(section)}`];
    const validateSection = (sectionValidator ??= newSchemaCompiler().compile(CLI_SECTION_SCHEMA));
    if (validateSection(section)) return [];
    const known = Object.keys(CLI_SECTION_SCHEMA.properties);
    const errors = validateSection.errors ?? [];
    const misspelt = errors
        .filter((e) => e.keyword === "additionalProperties" && e.instancePath === "")
        .map((e) => {
            const key = String((e.params as { additionalProperty?: unknown }).additionalProperty);
            return `${shownName(key)}: not a setting of this section${suggestion(key, known, known, "its settings are")}`;
        });
    const invalid = describeSchemaErrors(
        errors.filter((e) => !(e.keyword === "additionalProperties" && e.instancePath === "")),
        { patternMeanings: { [ENDPOINT_URL_PATTERN]: "an http:// or https:// URL" } },
    );
    return [...misspelt, ...invalid];
}

export function loadConfig(file: string | undefined): CheckConfig {
    let raw: unknown = {};
    if (file !== undefined) {
        let text: string;
        try {
            text = readFileSync(file, "utf8");
        } catch (e) {
            const code = typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : "";
            throw new InputError(
                code === "ENOENT" ? `${file}: no such config file` : `${file}: the config file cannot be read (${code || "read error"})`,
            );
        }
        try {
            raw = JSON.parse(text);
        } catch {
            throw new InputError(`${file}: the config file is not JSON`);
        }
        if (!isRecord(raw)) throw new InputError(`${file}: the config file must be a JSON object of policy names to levels or options`);
    }
    const document = raw as Record<string, unknown>;
    const section = Object.prototype.hasOwnProperty.call(document, CLI_SECTION) ? document[CLI_SECTION] : undefined;
    const policyFile = ownEntries(document, CLI_SECTION) as PolicyConfigFile;
    const problems = section === undefined ? [] : sectionErrors(section);
    if (problems.length > 0) throw new InputError(`${file}: ${CLI_SECTION}: ${problems.join(", ")}`);
    const endpoints = new Map<string, string>();
    const listed = isRecord(section) && isRecord(section.providerEndpoints) ? section.providerEndpoints : {};
    for (const key of Object.keys(listed)) {
        const url = listed[key];
        if (typeof url === "string") endpoints.set(key, url);
    }
    // No file: the pack's levels and defaults (test/cli/config tests hold them to a reconciliation).
    if (file === undefined) return { policies: defaultPolicyConfig(analyzerInfo()), file: policyFile, providerEndpoints: endpoints };
    let reconciled;
    try {
        reconciled = reconcilePolicyConfig(analyzerInfo(), policyFile, {}, { otherKeys: [CLI_SECTION] });
    } catch (e) {
        throw new InputError(`${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { policies: reconciled, file: policyFile, providerEndpoints: endpoints };
}
