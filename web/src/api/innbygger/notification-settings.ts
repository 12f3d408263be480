import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { z } from 'zod'
import {
  type NotificationLevelBody,
  type NotificationSettings,
  NotificationSettingsSchema,
} from '../../../../src/citizen/notifications/notification-settings.schemas.ts'
import { getJson, putJson } from '../http.ts'

// Which SMS and e-mail notifications a citizen gets, and the contact details they go to (read from the contact
// register at each send; shown here, never changed here). The levels and types are the server's
// (src/citizen/notifications/notification-settings.schemas.ts); every answer is checked against its schema.

export {
  NOTIFICATION_LEVELS,
  type NotificationLevel,
  type NotificationSettings,
} from '../../../../src/citizen/notifications/notification-settings.schemas.ts'

/** The register's view of the person: 'passive' is not confirmed for 18 months, 'reserved' has opted out. */
export type ContactStatus = NotificationSettings['contact']['status']

const path = (personId: string) => `/api/citizens/${encodeURIComponent(personId)}/notification-settings`
const key = (personId: string) => ['notification-settings', personId] as const

/** The calls themselves, without React (api/contract.test.ts checks them against samples). */
export const notificationSettingsApi = {
  settings: (personId: string, signal?: AbortSignal) => getJson(path(personId), NotificationSettingsSchema, signal),
  saveLevel: (personId: string, body: z.input<typeof NotificationLevelBody>, csrfToken: string) => putJson(path(personId), body, csrfToken),
}

export function useNotificationSettings(personId: string) {
  return useQuery({
    queryKey: key(personId),
    queryFn: ({ signal }) => notificationSettingsApi.settings(personId, signal),
  })
}

export function useSaveNotificationLevel(personId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ level, csrfToken }: z.input<typeof NotificationLevelBody> & { csrfToken: string }) =>
      notificationSettingsApi.saveLevel(personId, { level }, csrfToken),
    onSuccess: (_nothing, { level }) => {
      queryClient.setQueryData<NotificationSettings>(key(personId), (current) => (current ? { ...current, level } : current))
    },
  })
}
