import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // Shares example captures between test files (test/support/captureCache.ts).
        globalSetup: ["test/support/globalSetup.ts"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
    },
});
