// Benchmark baseline with the same policy count as obs-sse (6 resource + 3 stack policies), all
// no-ops. @pulumi/policy deserializes a resource's properties once per resource policy in Analyze
// and the whole stack once per stack policy in AnalyzeStack, so this pack isolates that SDK cost
// from the cost of obs-sse's own checks. @pulumi/policy resolves from the root node_modules.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

const policies = [];
for (let i = 1; i <= 6; i++) {
    policies.push({
        name: `bare-resource-${i}`,
        description: "Does nothing.",
        enforcementLevel: "advisory",
        validateResource: () => {},
    });
}
for (let i = 1; i <= 3; i++) {
    policies.push({
        name: `bare-stack-${i}`,
        description: "Does nothing.",
        enforcementLevel: "advisory",
        validateStack: () => {},
    });
}

new PolicyPack("bare-9", { policies });
