// What the stack policies share: their options read once, the stack view built once, and the
// objects of the view that sit behind an OBS provider.
import { assessPlanned, type ObsAssessment } from "../assess";
import { readProviderSignatures, readScopeConfig, type ScopeConfig } from "../config";
import type { Signature } from "../matrix";
import { StackView, type ObjectEntry, type StackResource } from "./view";

export interface StackContext {
    readonly scope: ScopeConfig;
    readonly signatures: ReadonlyMap<string, Signature>;
    readonly view: StackView;
    /** Objects (and copies) whose provider talks to OBS, with their assessment. */
    obsObjects(filter?: (o: ObjectEntry) => boolean): Iterable<{ readonly entry: ObjectEntry; readonly assessment: ObsAssessment }>;
}

export function stackContext(resources: readonly StackResource[], config: unknown): StackContext {
    const scope = readScopeConfig(config).value;
    const view = new StackView(resources);
    return {
        scope,
        signatures: readProviderSignatures(config).value,
        view,
        *obsObjects(filter = () => true) {
            for (const entry of view.objects) {
                if (!filter(entry)) continue;
                const assessment = assessPlanned(entry.resource, entry.plan, scope);
                if (assessment.kind === "obs") yield { entry, assessment };
            }
        },
    };
}
