// The pack's policies, in the order the engine runs them. index.ts serves this list; tests and
// the docs generator read it, so importing it never starts a server.
import type { Policies } from "@pulumi/policy";

export const policies: Policies = [];
