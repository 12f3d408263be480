/**
 * A tiny browser for tests over real HTTP: keeps cookies by name (paths ignored: every cookie goes everywhere),
 * forgets cleared ones, and follows redirects only when asked (`follow`), as a login flow needs to inspect each hop.
 */
export function cookieBrowser() {
  const jar = new Map<string, string>()
  /** Every Set-Cookie line received, in order, for tests of the cookies' attributes. */
  const setCookies: string[] = []
  async function request(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers ?? {}), ...(cookie ? { cookie } : {}) } })
    for (const line of response.headers.getSetCookie()) {
      setCookies.push(line)
      const [pair] = line.split(';')
      const [name, ...value] = (pair ?? '').split('=')
      if (!name) continue
      if (/expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0/i.test(line) || value.join('=') === '') jar.delete(name.trim())
      else jar.set(name.trim(), value.join('='))
    }
    return response
  }
  async function follow(url: string, init: RequestInit = {}): Promise<{ response: Response; url: string }> {
    let current = url
    let response = await request(current, init)
    for (let hops = 0; hops < 10 && response.status >= 300 && response.status < 400; hops++) {
      current = new URL(response.headers.get('location') as string, current).toString()
      response = await request(current)
    }
    return { response, url: current }
  }
  return { request, follow, jar, setCookies }
}
