// Terraform as the oracle for HCL evaluation: evaluates a batch of expressions in one plan of a
// provider-free configuration (one output per expression). Each result is the value's JSON
// (jsonencode) and whether any part of it is sensitive, "unknown", or "error" when Terraform raised
// one (each expression is wrapped in try(), so one error does not stop the batch).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type OracleResult =
    | { readonly kind: "error" }
    | { readonly kind: "unknown" }
    | { readonly kind: "value"; readonly json: string; readonly sensitive: boolean };

/** Whether `terraform` runs here; the differential tests fail (not skip) without it. */
export function terraformVersion(): string | undefined {
    const r = spawnSync("terraform", ["version", "-json"], { encoding: "utf8", env: terraformEnv() });
    if (r.error || r.status !== 0) return undefined;
    const parsed = JSON.parse(r.stdout) as { terraform_version?: string };
    return parsed.terraform_version;
}

function terraformEnv(): NodeJS.ProcessEnv {
    return { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1", TF_CLI_CONFIG_FILE: "/dev/null" };
}

/**
 * Evaluates every expression with Terraform: one output per expression in a provider-free
 * configuration, planned once (`terraform plan` + `terraform show -json`), so that each output
 * says on its own whether it is known (an unknown one would make a console batch unknown as a whole).
 */
export function terraformEvaluate(expressions: readonly string[]): OracleResult[] {
    if (expressions.length === 0) return [];
    const dir = mkdtempSync(join(tmpdir(), "hcl-oracle-"));
    try {
        // Every expression is followed by a newline: a heredoc's closing marker must end its line.
        // nonsensitive() lets the value out; issensitive() records whether any part of it was sensitive.
        const outputs = expressions.map(
            (e, i) =>
                `output "e${i}" {\n  value = try([issensitive(jsonencode(${e}\n)) ? "S" : "", nonsensitive(jsonencode(${e}\n))], ["ERR"])\n}`,
        );
        writeFileSync(join(dir, "main.tf"), outputs.join("\n") + "\n");
        const run = (args: string[]) => {
            const r = spawnSync("terraform", args, { cwd: dir, encoding: "utf8", env: terraformEnv(), maxBuffer: 256 * 1024 * 1024 });
            if (r.error) throw r.error;
            if (r.status !== 0) throw new Error(`terraform ${args[0]} failed (exit ${r.status}): ${r.stderr}`);
            return r.stdout;
        };
        run(["plan", "-out=plan.bin", "-input=false", "-no-color", "-lock=false"]);
        const plan = JSON.parse(run(["show", "-json", "plan.bin"])) as {
            output_changes?: Record<string, { after?: unknown; after_unknown?: unknown }>;
        };
        return expressions.map((_, i): OracleResult => {
            const change = plan.output_changes?.[`e${i}`];
            if (!change) throw new Error(`the plan has no output e${i}`);
            if (change.after_unknown === true) return { kind: "unknown" };
            const after = change.after as string[];
            return after[0] === "ERR" ? { kind: "error" } : { kind: "value", sensitive: after[0] === "S", json: after[1]! };
        });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
