// The pack's contract with every organization that saved a policy config for it: the policy names
// and each policy's config schema (option names, types, enums, defaults). Descriptions are left
// out: rewording them breaks no saved config.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isRecord } from "../../policies/wireValues";

export const CONTRACT_FILE = path.resolve(__dirname, "../fixtures/policy-contract.json");

export interface PolicyContract {
    name: string;
    configSchema: { properties: Record<string, unknown>; required: string[] };
}

function withoutDescriptions(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutDescriptions);
    if (!isRecord(value)) return value;
    return Object.fromEntries(Object.entries(value).filter(([k]) => k !== "description").map(([k, v]) => [k, withoutDescriptions(v)]));
}

/** The contract of policies as the registry or GetAnalyzerInfo gives them. */
export function contractOf(policies: ReadonlyArray<{ name: string; configSchema?: { properties?: unknown; required?: readonly string[] } }>): PolicyContract[] {
    return policies.map((p) => ({
        name: p.name,
        configSchema: {
            properties: withoutDescriptions(JSON.parse(JSON.stringify(p.configSchema?.properties ?? {}))) as Record<string, unknown>,
            required: [...(p.configSchema?.required ?? [])].sort(),
        },
    }));
}

/** The committed contract. */
export function expectedContract(): PolicyContract[] {
    const file: unknown = JSON.parse(readFileSync(CONTRACT_FILE, "utf8"));
    if (!isRecord(file) || !Array.isArray(file["policies"])) throw new Error(`${CONTRACT_FILE}: expected { "policies": [...] }`);
    return file["policies"] as PolicyContract[];
}
