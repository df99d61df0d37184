/**
 * The hosts a same-site request can come from: the app's public URL when BETTER_AUTH_URL is set,
 * otherwise the host the request was sent to (Host / X-Forwarded-Host) — a cross-site page can make
 * the browser send a request to us, but its Origin then names the other site.
 */
export function appHosts(req: Request): Set<string> {
  const hosts = new Set<string>();
  const configured = process.env.BETTER_AUTH_URL;
  if (configured) {
    hosts.add(new URL(configured).host);
    return hosts;
  }
  hosts.add(new URL(req.url).host);
  for (const h of [req.headers.get("host"), req.headers.get("x-forwarded-host")])
    if (h) hosts.add(h.split(",")[0].trim());
  return hosts;
}

/** The same, as origins, for better-auth's own check of its endpoints. */
export function appOrigins(req: Request | undefined): string[] {
  if (!req) return process.env.BETTER_AUTH_URL ? [new URL(process.env.BETTER_AUTH_URL).origin] : [];
  return [...appHosts(req)].flatMap((host) => [`http://${host}`, `https://${host}`]);
}

export function isSameSiteOrigin(req: Request, origin: string): boolean {
  try {
    return appHosts(req).has(new URL(origin).host);
  } catch {
    return false;
  }
}
