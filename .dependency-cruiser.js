/**
 * The floors of the code, checked by `npm run lint` (dependency-cruiser). From the bottom:
 *
 *   libs/domain      pure deciders and rules: imports nothing but itself
 *   libs/*           the other libraries: the domain, each other, never the application
 *   apps/api/src/shared, config, infrastructure
 *                    the application's kit: commands, errors, forms, words; knows no feature
 *   apps/api/src/<feature>
 *                    access, audit, budgets, decisions, findings, notes, programmes, readiness,
 *                    registers, spreadsheets …: may use the kit and each other, never the pages'
 *                    kit in web/ except from its own web/ folder (its page controllers)
 *   apps/api/src/web, cli, demo, app.ts, main.ts
 *                    the pages and the entry points, on top
 *
 * A rule here is a fact a newcomer can rely on: break one and lint says which import did it.
 */
const FEATURES = '(access|admin|audit|budgets|decisions|documents|findings|health|notes|portfolio|programmes|readiness|registers|reminders|spreadsheets)';

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'The domain imports nothing but itself: no library, no store, no framework.',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { pathNot: ['^libs/domain/src'] },
    },
    {
      name: 'libraries-never-import-the-application',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'the-kit-knows-no-feature',
      comment: 'shared/, config/ and infrastructure/ are below every feature and the pages.',
      severity: 'error',
      from: { path: '^apps/api/src/(shared|config|infrastructure)/' },
      to: { path: [`^apps/api/src/${FEATURES}/`, '^apps/api/src/(web|cli|demo)/', '^apps/api/src/(app|app\\.module|main)\\.ts$'] },
    },
    {
      name: 'features-do-not-use-the-pages',
      comment: 'Only a part’s page controllers (in its web/ folder) and the pages in web/ may use the pages’ kit: a part’s commands, reads and files work without it.',
      severity: 'error',
      from: { path: `^apps/api/src/${FEATURES}/`, pathNot: [`^apps/api/src/${FEATURES}/web/`, '\\.module\\.ts$'] },
      to: { path: '^apps/api/src/web/' },
    },
    {
      name: 'nothing-imports-the-entry-points',
      severity: 'error',
      from: { pathNot: '^apps/api/src/(main|app)\\.ts$|^test/|\\.e2e-spec\\.ts$|\\.spec\\.ts$|^apps/api/src/cli/' },
      to: { path: ['^apps/api/src/(cli|demo)/', '^apps/api/src/main\\.ts$'] },
    },
    {
      name: 'the-row-checker-loads-no-browser',
      comment: 'The CLI checks a spreadsheet’s rows without a template engine, a browser or an event store.',
      severity: 'error',
      from: { path: '^apps/api/src/spreadsheets/register-rows\\.ts$' },
      to: { path: 'node_modules/(nunjucks|playwright-core|@eventstore/db-client|better-sqlite3)/', reachable: true },
    },
    {
      name: 'no-circular',
      comment: 'No cycle of imports that load code (a cycle of type imports alone loads nothing).',
      severity: 'error',
      from: { path: '^(apps|libs)/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|coverage)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
