#!/usr/bin/env node
// Runs ESLint with every `require("typescript")` answered by this workspace's TypeScript 5:
// typescript-eslint and its helpers (some hoisted to the root's node_modules, next to the
// project's TypeScript 7, which has no JS API) parse with the TypeScript 5 API.
const Module = require("node:module");
const { join } = require("node:path");

const ts5 = require.resolve("typescript", { paths: [__dirname] });
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "typescript" ? ts5 : resolve.call(this, request, ...rest);
};
process.argv.splice(2, 0, "--config", join(__dirname, "eslint.config.js"));
// eslint's package exports no bin path: find the package, then its bin beside package.json.
const eslintPackage = require.resolve("eslint/package.json", { paths: [__dirname] });
require(join(eslintPackage, "..", "bin", "eslint.js"));
