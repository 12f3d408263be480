import { useEffect } from 'react'

/** Every page names itself in the tab, so screen reader users hear where a navigation took them. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} – Samband`
  }, [title])
}
