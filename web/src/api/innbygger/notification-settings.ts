import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { getJson, putJson } from '../http.ts'

// Which SMS and e-mail notifications a citizen gets, and the contact details they go to (read from the contact
// register at each send; shown here, never changed here).

export const NOTIFICATION_LEVELS = ['begrenset', 'normal', 'full'] as const
export type NotificationLevel = (typeof NOTIFICATION_LEVELS)[number]

/** The register's view of the person: 'passive' is not confirmed for 18 months, 'reserved' has opted out. */
export type ContactStatus = 'active' | 'passive' | 'reserved' | 'missing'

export type NotificationSettings = {
  level: NotificationLevel
  contact: { mobile: string | null; email: string | null; status: ContactStatus }
}

const path = (personId: string) => `/api/citizens/${encodeURIComponent(personId)}/notification-settings`
const key = (personId: string) => ['notification-settings', personId] as const

export function useNotificationSettings(personId: string) {
  return useQuery({
    queryKey: key(personId),
    queryFn: ({ signal }) => getJson<NotificationSettings>(path(personId), signal),
  })
}

export function useSaveNotificationLevel(personId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ level, csrfToken }: { level: NotificationLevel; csrfToken: string }) => putJson(path(personId), { level }, csrfToken),
    onSuccess: (_nothing, { level }) => {
      queryClient.setQueryData<NotificationSettings>(key(personId), (current) => (current ? { ...current, level } : current))
    },
  })
}
