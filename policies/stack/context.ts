// What the stack policies share: their options read once, the stack view built once per
// AnalyzeStack call, and the objects of the view that sit behind an OBS provider.
import { assessPlanned, sameScope, type Assessment, type ObsAssessment } from "../assess";
import { readProviderSignatures, readScopeConfig, type ScopeConfig } from "../config";
import type { Signature } from "../matrix";
import { TupleMemo } from "../memo";
import { isRecord } from "../values";
import { StackView, type ObjectEntry, type StackResource } from "./view";

export interface StackPolicyContext {
    readonly scope: ScopeConfig;
    readonly signatures: ReadonlyMap<string, Signature>;
    readonly view: StackView;
    /** Objects (and copies) whose provider talks to OBS, with their assessment. */
    readonly obsObjects: (
        filter?: (o: ObjectEntry) => boolean,
    ) => Iterable<{ readonly entry: ObjectEntry; readonly assessment: ObsAssessment }>;
}

/**
 * The view of the last AnalyzeStack call. The SDK gives each stack policy its own copy of the
 * resources (new objects, props deserialized again), so no list or resource object is shared.
 * What is shared is each resource's `opts.aliases` array: the SDK takes it straight from the
 * request message, so every copy made for one call holds the same array, and another call's
 * copies a different one. That array (of the first resource), with every URN in order, keys the
 * view. A list without it (built by hand) gets a view of its own every time.
 */
const lastView = new TupleMemo<StackView>(1, 1);

function viewOf(resources: readonly StackResource[]): StackView {
    const opts: unknown = (resources[0] as { opts?: unknown } | undefined)?.opts;
    const fromRequest: unknown = isRecord(opts) ? opts.aliases : undefined;
    if (Array.isArray(fromRequest))
        return lastView.get([fromRequest, resources.length, ...resources.map((r) => r.urn)], () => new StackView(resources));
    if (activeRun === undefined) return new StackView(resources);
    // A run's policies are handed one list, never changed while they read it: the list itself
    // keys its view (no key of every URN, which costs as much as the view on a large plan).
    return lastView.get([activeRun, resources], () => new StackView(resources));
}

/** The token of the current `sharingStackView` run, if any. */
let activeRun: object | undefined;

/**
 * Runs the stack policies of one pass over one resource list (the command's): they share one view
 * of the list, as the pack's policies do through the request. A new token per run, so that a list
 * changed between runs gets a new view.
 */
export function sharingStackView<T>(run: () => T): T {
    const outer = activeRun;
    const token = {};
    activeRun = token;
    try {
        return run();
    } finally {
        activeRun = outer;
        // The run's view keyed by its token, which no later call has: kept, it would hold every
        // resource of the list (and their assessments) while the report is written.
        lastView.forget(token);
    }
}

/** Each view's objects as assessed, with the scope options they were assessed under: every stack policy asks again. */
type AssessedObjects = Map<ObjectEntry, { readonly scope: ScopeConfig; readonly assessment: Assessment }>;
const assessedObjects = new WeakMap<StackView, AssessedObjects>();

function assessedIn(view: StackView, entry: ObjectEntry, scope: ScopeConfig): Assessment {
    let held = assessedObjects.get(view);
    if (!held) assessedObjects.set(view, (held = new Map() as AssessedObjects));
    const hit = held.get(entry);
    if (hit && sameScope(hit.scope, scope)) return hit.assessment;
    const assessment = assessPlanned(entry.resource, entry.plan, scope);
    held.set(entry, { scope, assessment });
    return assessment;
}

export function stackContext(resources: readonly StackResource[], config: unknown): StackPolicyContext {
    const scope = readScopeConfig(config).value;
    const view = viewOf(resources);
    return {
        scope,
        signatures: readProviderSignatures(config).value,
        view,
        *obsObjects(filter = () => true) {
            for (const entry of view.objects) {
                if (!filter(entry)) continue;
                const assessment = assessedIn(view, entry, scope);
                if (assessment.kind === "obs") yield { entry, assessment };
            }
        },
    };
}
