import type { PeopleDirectory } from '../people-directory.ts'
import { escapeHtml } from './embedded-idp.ts'

type LoginUser = { account: string; name: string; detail: string }

/** The demo users this embedded provider can log in: citizens (as ID-porten) or staff (as HelseID). */
async function loginUsers(directory: PeopleDirectory, kind: 'citizen' | 'staff'): Promise<LoginUser[]> {
  const { citizens, staff } = await directory.demoLoginUsers()
  if (kind === 'citizen') {
    return citizens.map((c) => ({ account: `citizen:${c.id}`, name: c.name, detail: `Født ${formatDate(c.birthDate)}` }))
  }
  return staff.map((s) => ({
    account: `staff:${s.id}`,
    name: s.name,
    detail: s.serviceName ? `${s.serviceName}, ${s.organisationName}` : s.isPlatformOperator ? 'Plattformforvalter' : '',
  }))
}

function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-')
  return `${d}.${m}.${y}`
}

export async function renderLoginPage(directory: PeopleDirectory, opts: { uid: string; kind: 'citizen' | 'staff' }): Promise<string> {
  const users = await loginUsers(directory, opts.kind)
  const action = `/idp/interaction/${encodeURIComponent(opts.uid)}`
  const heading = opts.kind === 'citizen' ? 'Logg inn som innbygger' : 'Logg inn som helsepersonell'
  const standIn = opts.kind === 'citizen' ? 'ID-porten (sikkerhetsnivå høyt)' : 'HelseID'
  const items = users
    .map(
      (u) => `<li>
        <form method="post" action="${action}/login">
          <input type="hidden" name="account" value="${escapeHtml(u.account)}">
          <button type="submit">Logg inn som ${escapeHtml(u.name)}</button>
          <span class="detail">${escapeHtml(u.detail)}</span>
        </form>
      </li>`,
    )
    .join('\n')
  return `<!doctype html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${heading} – testinnlogging – Samband</title>
<style>
  body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; margin: 0; color: #1a1a1a; background: #f4f5f6; line-height: 1.5; }
  header { background: #ffffff; border-bottom: 1px solid #c9cdd2; padding: 1rem; }
  header p { margin: 0; font-weight: 600; }
  main { max-width: 40rem; margin: 0 auto; padding: 1rem; }
  h1 { font-size: 1.6rem; margin: 1rem 0 0.5rem; }
  .notice { background: #fff4d6; border-left: 4px solid #8a5a00; padding: 0.75rem 1rem; }
  ul { list-style: none; padding: 0; }
  li { background: #fff; border: 1px solid #c9cdd2; border-radius: 6px; margin: 0.5rem 0; padding: 0.75rem; }
  form { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; }
  button { font: inherit; font-weight: 600; color: #fff; background: #0b5a8f; border: 0; border-radius: 4px; padding: 0.6rem 1rem; cursor: pointer; min-height: 44px; }
  button:hover { background: #084570; }
  button:focus-visible, a:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
  .detail { color: #3d4248; }
  .secondary { color: #0b5a8f; background: #fff; border: 2px solid #0b5a8f; }
  a { color: #0b5a8f; }
</style>
</head>
<body>
<header><p>Samband – testinnlogging</p></header>
<main>
  <h1>${heading}</h1>
  <p class="notice">Dette er en testinnlogging for utvikling og demonstrasjon. Den står i stedet for ${standIn}. Alle personer er oppdiktede.</p>
  <h2>Velg bruker</h2>
  <ul>
${items}
  </ul>
  <form method="post" action="${action}/abort"><button type="submit" class="secondary">Avbryt innloggingen</button></form>
</main>
</body>
</html>`
}
