import type { ReactNode } from 'react'

/** Facts about one thing as a description list: term above value on phones, side by side on wider screens. */
export function Facts({ children }: { children: ReactNode }) {
  return <dl className="app-facts">{children}</dl>
}

/** One term and its value in `Facts`. */
export function Fact({ term, className, children }: { term: ReactNode; className?: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd className={className}>{children}</dd>
    </div>
  )
}
