import { type Kysely, sql } from 'kysely'

// Frozen in time: never import application code here.

export async function up(db: Kysely<unknown>): Promise<void> {
  // Attachments are PDFs and images, compressed already: stored out of line and uncompressed (EXTERNAL), PostgreSQL
  // does not try to compress them again, and a download reads them in slices (substring) without decompressing all.
  await sql`ALTER TABLE citizen_message_attachment ALTER COLUMN content SET STORAGE EXTERNAL`.execute(db)
}
