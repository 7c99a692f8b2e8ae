/**
 * This package's root directory: every module that names a file of the package (package.json,
 * templates/, dist/templates.js) resolves it from here. It is one level above this module in
 * src/ (tests) and in the bundled CLI alike, which the build writes straight into dist/.
 */
export const PACKAGE_ROOT = new URL("../", import.meta.url);
