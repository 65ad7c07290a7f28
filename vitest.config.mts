import { availableParallelism } from "node:os";
import { configDefaults, defineConfig } from "vitest/config";

// The publish -> install round trip (npm pack, npm install) is its own step: `npm run test:publish`
// (vitest run --mode publish) runs that file alone; `npm test` runs everything else.
const PUBLISHED = "test/e2e/published.test.ts";
// Files that replace modules with vi.mock: they get a module registry of their own.
const MOCKING = ["test/cli/stack.test.ts", "test/cli/suppressionsMain.test.ts", "test/cli/e2e.test.ts"];

export default defineConfig(({ mode }) => ({
    test: {
        // Shares example captures between test files (test/support/captureCache.ts) and gives the run
        // one temporary directory, removed when it ends (test/support/globalSetup.ts).
        globalSetup: ["test/support/globalSetup.ts"],
        // At least two workers, on two cores too: much of the suite waits on the pack and capture
        // processes its tests start. (Vitest's default, one fewer than the cores, runs one file at
        // a time there.)
        maxWorkers: Math.max(2, availableParallelism() - 1),
        // Bounds for a hang, not for speed (speed is measured in bench/): a test that takes 3 s on a
        // quiet machine takes 30 s and more on two cores at a load average of 20.
        testTimeout: 120_000,
        hookTimeout: 300_000,
        projects:
            mode === "publish"
                ? [{ extends: true, test: { name: "publish", include: [PUBLISHED] } }]
                : [
                      {
                          extends: true,
                          test: {
                              name: "shared",
                              include: ["test/**/*.test.ts"],
                              exclude: [...configDefaults.exclude, PUBLISHED, ...MOCKING],
                              // Test files share their worker's modules: @pulumi/policy and @pulumi/pulumi are
                              // loaded once per worker instead of once per file (most of the suite's time).
                              isolate: false,
                          },
                      },
                      { extends: true, test: { name: "isolated", include: MOCKING } },
                  ],
    },
}));
