import type { TestProject } from 'vitest/node'
import { createPgliteTemplates, createPostgresTemplates } from './database-templates.ts'

/**
 * Once per test run: the migrated and the demo database that every test file copies (openTestDatabase,
 * startTestApp) — PGlite dumps by default, template databases on the server named by DATABASE_URL.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL
  const { templates, remove } = serverUrl ? await createPostgresTemplates(serverUrl) : await createPgliteTemplates()
  project.provide('sambandTestDatabases', templates)
  return remove
}
