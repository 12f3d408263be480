/**
 * Logs a demo user in over HTTP the way a browser does (portal → embedded OpenID provider → login page → callback),
 * for benches that call the portal's API with a session cookie and its CSRF token.
 */
export type PortalSession = { cookie: string; csrf: string; personId: string | null }

export async function logInOverHttp(baseUrl: string, kind: 'citizen' | 'staff', name: string): Promise<PortalSession> {
  const jar = new Map<string, string>()
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
  const request = async (url: string, init: RequestInit = {}) => {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), cookie: cookieHeader() } })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [key, ...value] = (pair ?? '').split('=')
      if (key) jar.set(key.trim(), value.join('='))
    }
    return response
  }
  const follow = async (url: string, init: RequestInit = {}) => {
    let current = url
    let response = await request(current, init)
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      current = new URL(response.headers.get('location') as string, current).toString()
      response = await request(current)
    }
    return { response, url: current }
  }
  const { response: page, url: pageUrl } = await follow(`${baseUrl}/auth/login?kind=${kind}&returnTo=/`)
  const account = new RegExp(`name="account" value="([^"]+)">\\s*<button type="submit">Logg inn som ${name}<`).exec(await page.text())?.[1]
  if (!account) throw new Error(`the login page does not offer ${name}`)
  await follow(`${pageUrl}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ account }).toString(),
  })
  const me = (await (await request(`${baseUrl}/api/me`)).json()) as { csrfToken?: string; person?: { id: string } }
  if (!me.csrfToken) throw new Error(`${name} has no session after logging in`)
  return { cookie: cookieHeader(), csrf: me.csrfToken, personId: me.person?.id ?? null }
}
