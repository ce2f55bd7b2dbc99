// ESLint for the whole repository, run by `npm run lint` (and so by `npm test`) from the root.
// It lives here because typescript-eslint parses with the TypeScript 5 API, which the project's
// TypeScript 7 does not offer: this workspace keeps its own TypeScript 5 for the linter only.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import vue from "eslint-plugin-vue";
import globals from "globals";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "dist/**", "web/dist/**", "coverage/**", ".tmp/**", "data/**", "bench/results/**", "test/e2e/screenshots/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs["flat/essential"],
  {
    files: ["**/*.vue"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".vue"] } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // A name that starts with _ is left unused on purpose (a destructured field dropped, an argument kept for its place).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  {
    // CommonJS where a loader hook needs it (tools/lint/eslint.cjs).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The house rule is no `any` in domain code; the adapters, the console and the tests take JSON as it comes.
    files: ["web/**", "test/**", "bench/**", "scripts/**"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
