// Benchmark reference: obs-sse's own outcomes on the benchmark stream, replayed with no checking.
// bench/analyze.ts (--echo) records what obs-sse answers to each resource of the stream (its
// diagnostics and not-applicable reasons, by URN) in a JSON file named by OBS_SSE_ECHO_OUTCOMES;
// this pack serves the same policies (names, descriptions, levels, in the same order) and answers
// each Analyze request with the recorded outcome: the same diagnostics through the SDK's
// reportViolation, the same reasons through its notApplicable. Its cost over bare-pack-9 is what
// the pack's answers themselves cost in the SDK and on the wire; obs-sse's cost over this pack is
// its checking. @pulumi/policy resolves from the root node_modules.
"use strict";
const fs = require("node:fs");
const { PolicyPack } = require("@pulumi/policy");

const file = process.env.OBS_SSE_ECHO_OUTCOMES;
if (!file) throw new Error("echo-pack needs OBS_SSE_ECHO_OUTCOMES, the outcomes file bench/analyze.ts writes");
/** @type {{ policies: Array<{ name: string, description: string, enforcementLevel: string, severity: string, resource: boolean }>, outcomes: Record<string, { diagnostics: Array<{ policyName: string, message: string, enforcementLevel: string, severity: string, urn: string }>, notApplicable: Array<{ policyName: string, reason: string }> }> }} */
const recorded = JSON.parse(fs.readFileSync(file, "utf8"));
const outcomes = new Map(Object.entries(recorded.outcomes));

/**
 * Calls the SDK's notApplicable (which throws) as obs-sse does (policies/policy.ts sayNotApplicable):
 * without capturing a stack trace, and once the SDK has thrown one exception, throwing it again with
 * each new reason.
 */
let kept;
function notApplicable(args, reason) {
    if (kept !== undefined && kept.from === args.notApplicable) {
        kept.signal.reason = reason;
        kept.signal.message = reason;
        throw kept.signal;
    }
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
        args.notApplicable(reason);
    } catch (e) {
        if (e instanceof Error && e.reason === reason) kept = { from: args.notApplicable, signal: e };
        throw e;
    } finally {
        Error.stackTraceLimit = limit;
    }
}

const policies = recorded.policies.map((p) =>
    p.resource
        ? {
              name: p.name,
              description: p.description,
              enforcementLevel: p.enforcementLevel,
              severity: p.severity,
              validateResource: (args, report) => {
                  const outcome = outcomes.get(args.urn);
                  if (outcome === undefined) return;
                  for (const d of outcome.diagnostics) {
                      if (d.policyName === p.name)
                          report({
                              message: d.message,
                              urn: d.urn || undefined,
                              enforcementLevel: d.enforcementLevel,
                              severity: d.severity || undefined,
                          });
                  }
                  for (const n of outcome.notApplicable) if (n.policyName === p.name) notApplicable(args, n.reason);
              },
          }
        : { name: p.name, description: p.description, enforcementLevel: p.enforcementLevel, severity: p.severity, validateStack: () => {} },
);

new PolicyPack("echo", { policies });
