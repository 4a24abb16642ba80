/**
 * A logged-in staff member over plain HTTP (no browser): keeps the session cookie as a browser
 * would, and takes the CSRF token from the last form it was shown.
 */
export class WebSession {
  private cookie = '';
  private csrf = '';

  constructor(private readonly base: string) {}

  static async logIn(base: string, email: string, password: string): Promise<WebSession> {
    const s = new WebSession(base);
    await s.get('/login');
    const res = await s.post('/login', { email, password });
    if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
    // The login gives a new session, and with it a new CSRF secret: take a token from the page it leads to.
    await s.get(res.location!);
    return s;
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) if (c.startsWith('relay_session=')) this.cookie = c.split(';')[0]!;
  }

  async get(path: string): Promise<{ status: number; text: string; location: string | null }> {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookie }, redirect: 'manual' });
    this.keep(res);
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (token) this.csrf = token;
    return { status: res.status, text, location: res.headers.get('location') };
  }

  /** Posts a form with the session's CSRF token (unless `_csrf` is given); does not follow the redirect. */
  async post(path: string, form: Record<string, string> = {}): Promise<{ status: number; text: string; location: string | null }> {
    const body = new URLSearchParams({ _csrf: this.csrf, ...form });
    const res = await fetch(this.base + path, {
      method: 'POST',
      headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body,
      redirect: 'manual',
    });
    this.keep(res);
    return { status: res.status, text: await res.text(), location: res.headers.get('location') };
  }

  /** Posts a form, then follows its 303 as a browser does: the page it lands on, with its flash. */
  async submit(path: string, form: Record<string, string> = {}): Promise<{ location: string; text: string }> {
    const res = await this.post(path, form);
    if (res.status !== 303 || !res.location) throw new Error(`POST ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return { location: res.location, text: (await this.get(res.location)).text };
  }
}

/** The flash message a page shows, as text. */
export const flashOf = (page: string) => /<p class="flash (ok|error)"[^>]*>([^<]*)<\/p>/.exec(page)?.slice(1, 3) ?? null;
