// The rules and their pass/fail tables, found by convention: a rule is a file policies/rules/<rule>.ts
// exporting one policy, and its table is test/rules/cases/<rule>.cases.ts exporting one RuleTable.
// The tests that check the registry and run the tables load them from here, so a new rule file
// or table cannot be forgotten.
import { readdirSync } from "node:fs";
import * as path from "node:path";
import type { PackPolicy } from "../../policies/policy";
import { isRecord } from "../../policies/wireValues";
import type { RuleTable } from "../rules/cases/table";
import { only } from "../support/items";

const ROOT = path.resolve(__dirname, "..", "..");
export const RULES_DIR = path.join(ROOT, "policies", "rules");
export const CASES_DIR = path.join(ROOT, "test", "rules", "cases");
export const CASES_SUFFIX = ".cases.ts";

/**
 * A policy (a name and a check). Any such export counts, even one not built with resourcePolicy or
 * stackPolicy, so that it cannot escape the registry check; test/reads.test.ts checks its `reads`.
 */
export function isPackPolicy(value: unknown): value is PackPolicy {
    return (
        isRecord(value) &&
        typeof value["name"] === "string" &&
        (typeof value["validateResource"] === "function" || typeof value["validateStack"] === "function")
    );
}

export function isRuleTable(value: unknown): value is RuleTable {
    return isRecord(value) && isPackPolicy(value["policy"]) && Array.isArray(value["cases"]);
}

/** A module's exports that pass `guard`, by export name. */
function exportsOf<T>(module: unknown, guard: (value: unknown) => value is T): Array<[string, T]> {
    if (!isRecord(module)) return [];
    return Object.entries(module).filter((entry): entry is [string, T] => guard(entry[1]));
}

export interface RuleFile {
    /** The file's base name: "transferProtocol" for policies/rules/transferProtocol.ts. */
    readonly rule: string;
    /** The policies it exports, by export name (a rule file exports exactly one). */
    readonly policies: ReadonlyArray<readonly [string, PackPolicy]>;
}

export interface CasesFile {
    /** The rule it belongs to: "transferProtocol" for test/rules/cases/transferProtocol.cases.ts. */
    readonly rule: string;
    /** The tables it exports, by export name (a cases file exports exactly one). */
    readonly tables: ReadonlyArray<readonly [string, RuleTable]>;
}

function tsFiles(dir: string, suffix: string): string[] {
    return readdirSync(dir)
        .filter((f) => f.endsWith(suffix) && !f.endsWith(".d.ts"))
        .sort();
}

/** Every policies/rules/*.ts that exports a policy (helpers such as scope.ts export none). */
export async function loadRuleFiles(): Promise<RuleFile[]> {
    const files = await Promise.all(
        tsFiles(RULES_DIR, ".ts").map(async (f) => ({
            rule: f.slice(0, -".ts".length),
            policies: exportsOf<PackPolicy>(await import(path.join(RULES_DIR, f)), isPackPolicy),
        })),
    );
    return files.filter((f) => f.policies.length > 0);
}

/** Every test/rules/cases/*.cases.ts, with the tables it exports. */
export async function loadCasesFiles(): Promise<CasesFile[]> {
    return Promise.all(
        tsFiles(CASES_DIR, CASES_SUFFIX).map(async (f) => ({
            rule: f.slice(0, -CASES_SUFFIX.length),
            tables: exportsOf<RuleTable>(await import(path.join(CASES_DIR, f)), isRuleTable),
        })),
    );
}

const ruleFilePath = (rule: string) => `policies/rules/${rule}.ts`;
const casesFilePath = (rule: string) => `test/rules/cases/${rule}${CASES_SUFFIX}`;

/**
 * What is wrong between the rule files and the registry (policies/registry.ts), each problem
 * saying what to do: every rule file exports one policy, registered exactly once, and the registry
 * holds nothing else.
 */
export function registryProblems(ruleFiles: readonly RuleFile[], registry: readonly PackPolicy[]): string[] {
    const problems: string[] = [];
    for (const { rule, policies } of ruleFiles) {
        if (policies.length > 1)
            problems.push(
                `${ruleFilePath(rule)} exports ${policies.length} policies (${policies.map(([name]) => name).join(", ")}): a rule file holds one policy; move the others to files of their own.`,
            );
        for (const [exported, policy] of policies) {
            const times = registry.filter((p) => p === policy).length;
            if (times === 0)
                problems.push(
                    `${ruleFilePath(rule)} exports ${exported} (${policy.name}), which policies/registry.ts does not list: import it there and add it to \`policies\` where the engine should run it.`,
                );
            if (times > 1)
                problems.push(`policies/registry.ts lists ${policy.name} (${exported} of ${ruleFilePath(rule)}) ${times} times: keep one.`);
        }
    }
    const fromFiles = new Set(ruleFiles.flatMap((f) => f.policies.map(([, p]) => p)));
    for (const p of registry) {
        if (!fromFiles.has(p))
            problems.push(
                `policies/registry.ts lists ${p.name}, which no policies/rules/*.ts exports: a policy lives in a rule file of its own.`,
            );
    }
    return problems;
}

/**
 * What is wrong between the rule files and their pass/fail tables, each problem saying what to
 * do: every registered rule has test/rules/cases/<rule>.cases.ts exporting one table for its
 * policy, and every cases file belongs to a rule file.
 */
export function casesProblems(ruleFiles: readonly RuleFile[], casesFiles: readonly CasesFile[], registry: readonly PackPolicy[]): string[] {
    const problems: string[] = [];
    for (const { rule, policies } of ruleFiles) {
        const registered = policies.filter(([, p]) => registry.includes(p));
        if (registered.length === 0) continue;
        if (!casesFiles.some((c) => c.rule === rule)) {
            problems.push(
                `${ruleFilePath(rule)} (${registered.map(([, p]) => p.name).join(", ")}) has no pass/fail table: add ${casesFilePath(rule)} exporting a RuleTable (test/rules/cases/table.ts) for ${registered.map(([name]) => name).join(", ")}, with passing and failing rows.`,
            );
        }
    }
    for (const { rule, tables } of casesFiles) {
        const owner = ruleFiles.find((f) => f.rule === rule);
        if (!owner) {
            problems.push(
                `${casesFilePath(rule)} belongs to no rule: ${ruleFilePath(rule)} does not exist or exports no policy; rename the cases file after its rule file, or delete it.`,
            );
            continue;
        }
        if (tables.length !== 1) {
            problems.push(
                `${casesFilePath(rule)} exports ${tables.length} tables (RuleTable: { policy, cases }); it must export exactly one, for the policy of ${ruleFilePath(rule)}.`,
            );
            continue;
        }
        const [exported, table] = only(tables);
        if (!owner.policies.some(([, p]) => p === table.policy)) {
            problems.push(
                `${casesFilePath(rule)}'s ${exported} checks ${table.policy.name}, not the policy of ${ruleFilePath(rule)} (${owner.policies.map(([, p]) => p.name).join(", ")}): a table sits beside its own rule.`,
            );
        }
    }
    return problems;
}
