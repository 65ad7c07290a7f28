// Benchmark baseline: the cheapest possible pack served by @pulumi/policy (one resource policy that
// does nothing). @pulumi/policy resolves from the repository's root node_modules.
"use strict";
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bare", {
    policies: [
        {
            name: "bare-noop",
            description: "Does nothing.",
            enforcementLevel: "advisory",
            validateResource: () => {},
        },
    ],
});
