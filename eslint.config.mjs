// Lint: typescript-eslint's type-aware recommended rules on the shipped code, tests, benches and scripts.
// Formatting is prettier's (npm run format); nothing here restates it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";

export default tseslint.config(
    { ignores: ["bin/**", "node_modules/**", "examples/**/node_modules/**", "test/fixtures/**/*.js", "coverage/**"] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
        languageOptions: {
            parserOptions: {
                projectService: { allowDefaultProject: ["vitest.config.mts", "eslint.config.mjs"] },
                tsconfigRootDir: import.meta.dirname,
            },
        },
        rules: {
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
            "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
            eqeqeq: ["error", "always"],
            // Its fixer drops assertions the compiler needs (`{} as Record<string, T>` widening an empty literal).
            "@typescript-eslint/no-unnecessary-type-assertion": "off",
            // Control characters are what printable() and the input readers look for on purpose.
            "no-control-regex": "off",
        },
    },
    {
        // Tests and benches read JSON documents and RPC replies whose shape the assertions check.
        files: ["test/**/*.ts", "bench/**/*.ts"],
        rules: {
            "@typescript-eslint/no-unsafe-assignment": "off",
            "@typescript-eslint/no-unsafe-member-access": "off",
            "@typescript-eslint/no-unsafe-call": "off",
            "@typescript-eslint/no-unsafe-argument": "off",
            "@typescript-eslint/no-unsafe-return": "off",
            // Tests load package.json and the SDK's internal modules with require, and stub async APIs.
            "@typescript-eslint/no-require-imports": "off",
            "@typescript-eslint/require-await": "off",
            "@typescript-eslint/prefer-promise-reject-errors": "off",
        },
    },
    {
        // Policy code narrows unknown input with type guards: no `any` at all.
        files: ["policies/**/*.ts", "cli/**/*.ts", "index.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "error" },
    },
    {
        // Plain CommonJS scripts (bench packs and hooks) run under Node as they are.
        files: ["**/*.mjs", "**/*.js"],
        ...tseslint.configs.disableTypeChecked,
        languageOptions: { ...tseslint.configs.disableTypeChecked.languageOptions, globals: globals.node, sourceType: "commonjs" },
        rules: { ...tseslint.configs.disableTypeChecked.rules, "@typescript-eslint/no-require-imports": "off" },
    },
);
