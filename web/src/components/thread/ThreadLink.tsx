import { AppLink } from '../links.tsx'

/** A thread in a list, by its subject, linking to its page under `base` (the portal's list of threads). */
export function ThreadLink({ base, thread }: { base: string; thread: { id: string; subject: string } }) {
  return <AppLink to={`${base}/${encodeURIComponent(thread.id)}`}>{thread.subject}</AppLink>
}
