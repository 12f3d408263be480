// The seams, checked rather than hoped for (run by `npm test` as `npm run deps`). Layers, top to bottom:
//   the composition root (src/main.ts, src/server.ts, src/runtime.ts, src/app.ts, src/demo-data.ts)
//   the modules: citizen → exchange → registry (a module may use the ones to its right, through their index.ts)
//   the platform (src/platform/): the shared kernel, which imports no module and not the root
//   src/config.ts: settings, importing nothing of ours
const MODULES = '(registry|exchange|citizen|governance)'
const ROOT = '^src/(main|server|runtime|app|demo-data)\\.ts$'
const TEST = '(\\.test\\.tsx?$|^test/)'

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle ties files that should be layered; split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'platform-imports-no-module',
      severity: 'error',
      comment: 'platform/ is the kernel every module uses; it takes what it needs from modules through ports the root fills.',
      from: { path: '^src/platform/', pathNot: TEST },
      to: { path: [`^src/${MODULES}/`, ROOT] },
    },
    {
      name: 'nothing-imports-the-root',
      severity: 'error',
      comment: 'Only the composition root composes; modules get their types from platform/http and their dependencies passed in.',
      from: { path: `^src/(platform|${MODULES})/` },
      to: { path: ROOT },
    },
    {
      name: 'modules-meet-through-their-face',
      severity: 'error',
      comment: "Another module's insides are not yours to import: use its index.ts.",
      from: { path: `^src/${MODULES}/`, pathNot: TEST },
      to: { path: `^src/${MODULES}/(?!index\\.ts$)`, pathNot: '^src/$1/' },
    },
    {
      name: 'registry-is-the-bottom-module',
      severity: 'error',
      comment: 'The registry (people, organisations, services) is used by every module and uses none.',
      from: { path: '^src/registry/', pathNot: TEST },
      to: { path: '^src/(exchange|citizen|governance)/' },
    },
    {
      name: 'exchange-uses-only-the-registry',
      severity: 'error',
      comment: 'The message exchange serves the citizen services and governance, not the other way round.',
      from: { path: '^src/exchange/', pathNot: TEST },
      to: { path: '^src/(citizen|governance)/' },
    },
    {
      name: 'config-is-a-leaf',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/' },
    },
    {
      name: 'production-code-imports-no-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: TEST },
      to: { path: TEST },
    },
    {
      name: 'web-stays-in-the-browser',
      severity: 'error',
      comment: 'The web app reaches the server over HTTP; of the server it may import only the shared contract (zod schemas) and the Oslo time helper.',
      from: { path: '^web/src/' },
      to: { path: '^src/', pathNot: ['\\.schemas\\.ts$', '^src/platform/time/'] },
    },
    {
      name: 'schemas-are-portable',
      severity: 'error',
      comment:
        'The API contract (*.schemas.ts) runs in the browser too: zod, other schemas, the Oslo time module and the policy\'s types only.',
      from: { path: '\\.schemas\\.ts$' },
      to: {
        pathNot: ['\\.schemas\\.ts$', '^src/platform/time/oslo-time\\.ts$', '^src/platform/access/access\\.types\\.ts$', 'node_modules/zod/'],
      },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js'] },
  },
}
