/**
 * Which action's banner is on screen. A success or error banner belongs to the action that made it; when the user
 * starts another action anywhere in the app, that one becomes the current one and every other banner goes, so an old
 * "Lagret" never stands next to a new form as if it were about it. Navigating clears banners too (Feedback.tsx ties
 * each one to the location it was made at).
 */
export type FeedbackStore = {
  /** The owner whose banner may show now. */
  current(): symbol | null
  /** `owner` started an action: its banner is the only one. */
  activate(owner: symbol): void
  subscribe(listener: () => void): () => void
}

export function createFeedbackStore(): FeedbackStore {
  let current: symbol | null = null
  const listeners = new Set<() => void>()
  return {
    current: () => current,
    activate(owner) {
      if (current === owner) return
      current = owner
      for (const listener of listeners) listener()
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
  }
}

/** The app's one store: banners anywhere on the page answer to it. */
export const feedbackStore = createFeedbackStore()
