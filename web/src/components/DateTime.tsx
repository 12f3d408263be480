import { formatDateTime } from '../text/oslo-time.ts'

/** An instant in Norwegian time, machine-readable too: <time datetime="…">23. nov. 2026, 10:15</time>. */
export function DateTime({ value }: { value: string }) {
  return <time dateTime={value}>{formatDateTime(value)}</time>
}
