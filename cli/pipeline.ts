// What happens to findings between the check and the exit code, one function per stage:
//
//   check → in-source suppressions → baseline → selection → threshold (exit code) → render
//
// Every stage takes the reports and returns new ones with fields set (`suppression`,
// `baselineState`), never rewriting a message; renderers show the fields. Policy selection
// (--policy, --skip-policy) happens before the check too, by disabling the policies left out, so
// they do not run; the selection stage only makes sure no finding of theirs is reported.
import type { FailOn } from "./args";
import { UsageError } from "./args";
import type { Baseline } from "./baseline";
import type { CheckConfig } from "./config";
import { shownName, suggestion } from "../policies/configErrors";
import { counts, type InputReport } from "./report";
import type { SuppressionContext } from "./suppressions";
import { loadModule } from "./load";
import type * as SuppressionsModule from "./suppressions";
import type * as BaselineModule from "./baseline";

/** One stage: reports in, reports out. */
export type Stage = (reports: readonly InputReport[]) => readonly InputReport[] | Promise<readonly InputReport[]>;

/** Runs the stages in order. */
export async function runStages(reports: readonly InputReport[], stages: readonly Stage[]): Promise<readonly InputReport[]> {
    let out = reports;
    for (const stage of stages) out = await stage(out);
    return out;
}

/** In-source suppression comments (`# obs-sse:ignore:...`) of the Terraform files findings point at. */
export function suppressionStage(ctx: SuppressionContext): Stage {
    return async (reports) => {
        const { applyInSourceSuppressions } = await loadModule<typeof SuppressionsModule>("./suppressions.js");
        return applyInSourceSuppressions(reports, ctx);
    };
}

/** Findings of an earlier report (--baseline) are "unchanged" and do not count; others are "new". */
export function baselineStage(baseline: Baseline): Stage {
    return async (reports) => {
        const { applyBaseline } = await loadModule<typeof BaselineModule>("./baseline.js");
        return applyBaseline(reports, baseline);
    };
}

/** Only findings (and judged pairs) of the selected policies. */
export function selectionStage(selected: ReadonlySet<string>): Stage {
    return (reports) =>
        reports.map((r) =>
            // A report of the selected policies only (every run without --policy and --skip-policy) is kept as it is, not copied.
            r.findings.every((f) => selected.has(f.policy)) && (r.checked ?? []).every((c) => c.policies.every((p) => selected.has(p)))
                ? r
                : {
                      ...r,
                      findings: r.findings.filter((f) => selected.has(f.policy)),
                      ...(r.checked !== undefined && {
                          // A subject all of whose policies are selected is kept as it is.
                          checked: r.checked.map((c) =>
                              c.policies.every((p) => selected.has(p))
                                  ? c
                                  : { subject: c.subject, policies: c.policies.filter((p) => selected.has(p)) },
                          ),
                      }),
                  },
        );
}

/** The exit code the findings give: 1 when one counts at the --fail-on threshold, else 0. */
export function exitCodeOf(reports: readonly InputReport[], failOn: FailOn): 0 | 1 {
    if (failOn === "never") return 0;
    for (const r of reports)
        for (const f of r.findings) if (counts(f) && (failOn === "advisory" || f.enforcementLevel === "mandatory")) return 1;
    return 0;
}

/**
 * The policies that run: all of `names`, or those of --policy, less those of --skip-policy. An
 * unknown name is a usage error with the nearest policy name.
 */
export function selectPolicies(names: readonly string[], only: readonly string[], skip: readonly string[]): ReadonlySet<string> {
    for (const [option, given] of [
        ["--policy", only],
        ["--skip-policy", skip],
    ] as const) {
        for (const name of given) {
            // The name is shown as a name the user wrote: printable, and cut when long.
            if (!names.includes(name))
                throw new UsageError(
                    `${option}: ${shownName(name)} is not a policy of this pack${suggestion(name, names, names, "its policies are")}`,
                );
        }
    }
    const selected = new Set(only.length > 0 ? only : names);
    for (const name of skip) selected.delete(name);
    if (selected.size === 0) throw new UsageError("--policy and --skip-policy leave no policy to run");
    return selected;
}

/** The config with every policy not selected disabled: for plans (reconciled levels) and programs (the file the pack is configured with). */
export function withSelection(config: CheckConfig, names: readonly string[], selected: ReadonlySet<string>): CheckConfig {
    const left = names.filter((n) => !selected.has(n));
    if (left.length === 0) return config;
    const policies = { ...config.policies };
    const file = { ...config.file };
    for (const name of left) {
        const current = policies[name];
        policies[name] = { enforcementLevel: "disabled", properties: current?.properties ?? {} };
        const entry = file[name];
        file[name] = typeof entry === "object" ? { ...entry, enforcementLevel: "disabled" } : "disabled";
    }
    return { ...config, policies, file };
}
