// Policy config as the Pulumi engine treats it before it calls Configure: the content of a
// `--policy-pack-config` file is parsed (a level string, or an object with `enforcementLevel` and
// properties), merged over the defaults of each policy's configSchema and over "all", then every
// policy's properties are validated against its schema. The SDK does none of this itself, so a
// test that skips it sees no defaults and accepts config the CLI would refuse.
import Ajv, { type ErrorObject } from "ajv";
import { isRecord } from "../policies/wireValues";
import type { AnalyzerInfo, EnforcementLevel } from "./pack";

export type PolicyConfigInput = EnforcementLevel | ({ enforcementLevel?: EnforcementLevel } & Record<string, unknown>);
export type PolicyConfigFile = Record<string, PolicyConfigInput>;
export type ReconciledConfig = Record<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>;

const LEVELS: readonly string[] = ["advisory", "mandatory", "disabled", "remediate"];

/** The error the engine raises for invalid policy config. */
export class PolicyConfigError extends Error {
    constructor(readonly errors: string[], packName: string, packVersion: string) {
        super(`validating policy config: ${packName} ${packVersion}  ${errors.join(", ")}`);
        this.name = "PolicyConfigError";
    }
}

function parseEntry(name: string, value: unknown): { level?: EnforcementLevel; properties: Record<string, unknown> } {
    if (typeof value === "string") {
        if (!LEVELS.includes(value)) throw new Error(`parsing enforcement level for "${name}": "${value}" is not a valid enforcement level`);
        return { level: value as EnforcementLevel, properties: {} };
    }
    if (!isRecord(value)) throw new Error(`parsing "${name}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
    const { enforcementLevel, ...properties } = value;
    if (enforcementLevel !== undefined) {
        if (typeof enforcementLevel !== "string") throw new Error(`parsing enforcement level for "${name}": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level; must be a string`);
        if (!LEVELS.includes(enforcementLevel)) throw new Error(`parsing enforcement level for "${name}": "${enforcementLevel}" is not a valid enforcement level`);
    }
    return { level: enforcementLevel as EnforcementLevel | undefined, properties };
}

function describeError(e: ErrorObject): string {
    const where = e.instancePath === "" ? "" : `${e.instancePath.slice(1).replace(/\//g, ".")}: `;
    const allowed = e.keyword === "enum" && isRecord(e.params) && Array.isArray(e.params.allowedValues)
        ? ` ${e.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(", ")}` : "";
    const extra = e.keyword === "additionalProperties" && isRecord(e.params) ? ` (${String(e.params.additionalProperty)})` : "";
    return `${where}${e.message ?? e.keyword}${allowed}${extra}`;
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** Reconciles and validates policy config the way the engine does; throws PolicyConfigError when invalid. */
export function reconcilePolicyConfig(info: AnalyzerInfo, file: PolicyConfigFile, initialConfig: PolicyConfigFile = {}): ReconciledConfig {
    const result: ReconciledConfig = {};
    for (const p of info.policies) {
        const properties: Record<string, unknown> = {};
        for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
            if (isRecord(schema) && "default" in schema) properties[k] = structuredClone(schema.default);
        }
        result[p.name] = { enforcementLevel: p.enforcementLevel, properties };
    }
    for (const layer of [initialConfig, file]) {
        const entries = Object.entries(layer).map(([name, v]) => [name, parseEntry(name, v)] as const);
        const all = entries.find(([name]) => name === "all")?.[1];
        if (all?.level) for (const c of Object.values(result)) c.enforcementLevel = all.level;
        for (const [name, entry] of entries) {
            if (name === "all") continue;
            const c = (result[name] ??= { enforcementLevel: "advisory", properties: {} });
            if (entry.level) c.enforcementLevel = entry.level;
            Object.assign(c.properties, entry.properties);
        }
    }
    const errors: string[] = [];
    for (const p of info.policies) {
        if (!p.configSchema) continue;
        const schema = { type: "object", properties: p.configSchema.properties, required: p.configSchema.required };
        const validate = ajv.compile(schema);
        if (!validate(result[p.name].properties)) {
            for (const e of validate.errors ?? []) errors.push(`${p.name}: ${describeError(e)}`);
        }
    }
    if (errors.length > 0) throw new PolicyConfigError(errors, info.name, info.version);
    return result;
}
