// The pack's contract with every organization that saved a policy config for it: the policy names,
// their default enforcement levels and each policy's config schema (option names, types, enums,
// defaults). Descriptions are left out: rewording them breaks no saved config.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { isRecord } from "../../policies/wireValues";
import { at } from "../support/items";

export const CONTRACT_FILE = path.resolve(__dirname, "../fixtures/policy-contract.json");
const CONTRACT_NAME = "test/fixtures/policy-contract.json";

export interface PolicyContract {
    name: string;
    enforcementLevel: string | undefined;
    configSchema: { properties: Record<string, unknown>; required: string[] };
}

function withoutDescriptions(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(withoutDescriptions);
    if (!isRecord(value)) return value;
    return Object.fromEntries(
        Object.entries(value)
            .filter(([k]) => k !== "description")
            .map(([k, v]) => [k, withoutDescriptions(v)]),
    );
}

/** The contract of policies as the registry or GetAnalyzerInfo gives them. */
export function contractOf(
    policies: ReadonlyArray<{
        name: string;
        enforcementLevel?: string;
        configSchema?: { properties?: unknown; required?: readonly string[] };
    }>,
): PolicyContract[] {
    return policies.map((p) => ({
        name: p.name,
        enforcementLevel: p.enforcementLevel,
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

/** An entry as it sits in the fixture's "policies" list, ready to paste. */
function entryText(entry: PolicyContract): string {
    return JSON.stringify(entry, null, 2).replace(/^/gm, "    ");
}

function changedOptions(actual: PolicyContract, pinned: PolicyContract): string[] {
    const now = actual.configSchema.properties;
    const before = pinned.configSchema.properties;
    return [
        ...Object.keys(now)
            .filter((k) => !(k in before))
            .map((k) => `option ${k} added`),
        ...Object.keys(before)
            .filter((k) => !(k in now))
            .map((k) => `option ${k} removed (saved configs that set it are now refused)`),
        ...Object.keys(now)
            .filter((k) => k in before && !isDeepStrictEqual(now[k], before[k]))
            .map((k) => `option ${k} changed (type, enum, pattern or default)`),
        ...(isDeepStrictEqual(actual.configSchema.required, pinned.configSchema.required) ? [] : ["required options changed"]),
        ...(actual.enforcementLevel === pinned.enforcementLevel
            ? []
            : [`default level ${pinned.enforcementLevel} became ${actual.enforcementLevel}`]),
    ];
}

/**
 * How the pack's contract differs from the committed one, each difference saying exactly what to
 * do about it: empty when they agree.
 */
export function contractDifferences(actual: readonly PolicyContract[], pinned: readonly PolicyContract[]): string[] {
    const out: string[] = [];
    const pinnedByName = new Map(pinned.map((p) => [p.name, p]));
    const actualNames = new Set(actual.map((p) => p.name));
    actual.forEach((p, i) => {
        const before = pinnedByName.get(p.name);
        const where = i === 0 ? "first in the list" : `after "${at(actual, i - 1).name}"`;
        if (!before) {
            out.push(
                `New policy "${p.name}": if it is meant to ship, add this entry to the "policies" list of ${CONTRACT_NAME} (${where}, the order of policies/registry.ts), and add a line for it to CHANGELOG.md:\n${entryText(p)}`,
            );
        } else if (!isDeepStrictEqual(p, before)) {
            out.push(
                `"${p.name}" no longer matches its pinned contract: ${changedOptions(p, before).join("; ")}. ` +
                    `This changes what saved policy configs (pulumi policy enable --config) mean. If it is deliberate, replace its entry in ${CONTRACT_NAME} with the one below and say so in CHANGELOG.md (a removed or changed option is a breaking change); otherwise undo the change in the policy's metadata.\n${entryText(p)}`,
            );
        }
    });
    for (const p of pinned) {
        if (!actualNames.has(p.name)) {
            out.push(
                `"${p.name}" is pinned in ${CONTRACT_NAME} but the pack has no such policy: removing or renaming a policy breaks every saved policy config that names it. If it is deliberate, delete its entry there and list the removal in CHANGELOG.md as a breaking change; otherwise add the policy back to policies/registry.ts.`,
            );
        }
    }
    if (
        out.length === 0 &&
        !isDeepStrictEqual(
            actual.map((p) => p.name),
            pinned.map((p) => p.name),
        )
    ) {
        out.push(
            `${CONTRACT_NAME} lists the policies in another order than policies/registry.ts: reorder its entries to ${actual.map((p) => `"${p.name}"`).join(", ")}.`,
        );
    }
    return out;
}
