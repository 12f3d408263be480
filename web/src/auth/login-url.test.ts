import { expect, test } from 'vitest'
import { loginUrl } from './login-url.ts'

test.each([
  ['citizen', '/innbygger', '/auth/login?kind=citizen&returnTo=/innbygger'],
  ['staff', '/helsepersonell', '/auth/login?kind=staff&returnTo=/helsepersonell'],
  // Query characters in returnTo must not leak into the login URL's own query.
  ['citizen', '/innbygger/logg?side=2&x=æ', '/auth/login?kind=citizen&returnTo=/innbygger/logg%3Fside%3D2%26x%3D%C3%A6'],
] as const)('%s, %s', (kind, returnTo, expected) => {
  expect(loginUrl(kind, returnTo)).toBe(expected)
})
