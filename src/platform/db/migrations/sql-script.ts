/**
 * Splits a migration's SQL script at each top-level semicolon: PGlite runs one statement per
 * query. A statement must end with `;` and a newline, and the next start with a keyword or a
 * comment; semicolons inside function bodies are followed by other words, so they stay.
 * Frozen support for migrations: it must never import application code.
 */
export function statements(script: string): string[] {
  return script
    .split(/;\s*\n(?=\s*(?:CREATE|INSERT|ALTER|DROP|COMMENT|UPDATE|--))/)
    .map((s) => s.trim().replace(/;$/, ''))
    .filter((s) => s.length > 0)
}
