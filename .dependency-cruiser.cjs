// The floors of docs/ARCHITECTURE.md as rules: bin → cli → http/jobs → app → store/text → domain.
// Checked by test/architecture.test.ts (npm test), which also shows each rule bites on a fixture.
// Paths match "src/<floor>/" anywhere so the fixtures under test/fixtures/boundary/ are judged alike.
// Run on a glob ("src/**/*.ts"): with TypeScript 7, which dependency-cruiser does not drive, it
// reads the files with its JavaScript parser, which takes the import lines all the same.
const floor = (name) => `(^|/)src/${name}/`;
const ALLOWED_IN_DOMAIN = ["node_modules/(zod|csv-parse|lunar-javascript)/", "^(zod|csv-parse/sync|lunar-javascript)$"];

module.exports = {
  forbidden: [
    {
      name: "http-uses-use-cases",
      comment: "A route speaks to use cases in src/app, never to the store (issue 34).",
      severity: "error",
      from: { path: floor("http") },
      to: { path: floor("store") },
    },
    {
      name: "http-through-app",
      comment:
        "Routes reach the domain only through src/app: its use cases decide who may act, and the words their schemas speak are re-exported there (issue 34).",
      severity: "error",
      from: { path: floor("http") },
      to: { path: floor("domain") },
    },
    {
      name: "domain-is-pure",
      comment: "src/domain imports only src/domain and a few pure libraries: no I/O.",
      severity: "error",
      from: { path: floor("domain") },
      to: { pathNot: [floor("domain"), ...ALLOWED_IN_DOMAIN] },
    },
    {
      name: "app-below-adapters",
      comment: "Use cases never reach up into an adapter (http, cli, jobs).",
      severity: "error",
      from: { path: floor("app") },
      to: { path: `${floor("(http|cli|jobs)")}` },
    },
    {
      name: "store-below-app",
      comment: "The store and text floors never reach up into use cases or adapters.",
      severity: "error",
      from: { path: floor("(store|text)") },
      to: { path: floor("(app|http|cli|jobs)") },
    },
    {
      name: "only-serve-starts-http",
      comment: "Nothing imports src/http but http itself and the serve command.",
      severity: "error",
      from: { pathNot: [floor("http"), "(^|/)src/cli/serve\\.ts$"] },
      to: { path: floor("http") },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
  },
};
