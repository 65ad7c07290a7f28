// A Terraform plan where every resource breaks a mandatory rule: the `delete` example's object
// (SSE-KMS through an http:// OBS endpoint) repeated as `aws_s3_object.kept[0..n-1]`, for
// measuring and testing reports with very many findings.
import { readFileSync } from "node:fs";
import * as path from "node:path";

interface PlanDoc {
    resource_changes: Array<{ address: string; index?: number; change: Record<string, unknown> }>;
    [key: string]: unknown;
}

/** `root`: the repository root (where examples/ is). */
export function violatingPlan(n: number, root: string): object {
    const base = JSON.parse(readFileSync(path.join(root, "examples", "terraform", "delete", "plan.json"), "utf8")) as PlanDoc;
    const kept = base.resource_changes.find((rc) => rc.address === "aws_s3_object.kept");
    if (kept === undefined) throw new Error("examples/terraform/delete/plan.json: no aws_s3_object.kept");
    const { before: _before, before_sensitive: _beforeSensitive, ...change } = kept.change;
    const { planned_values: _planned, prior_state: _prior, ...rest } = base;
    return {
        ...rest,
        resource_changes: Array.from({ length: n }, (_, i) => ({ ...kept, address: `aws_s3_object.kept[${i}]`, index: i, change })),
    };
}
