import type { Metadata } from "next";
import { GeistMono } from "geist/font/mono";
import { GeistSans } from "geist/font/sans";
import type { ReactNode } from "react";
import { RoleRequired } from "@/components/auth/role-required";
import { SessionProvider } from "@/components/auth/session-provider";
import { Providers } from "@/components/shell/providers";
import { Sidebar } from "@/components/shell/sidebar";
import { pageAccess } from "@/lib/auth/current-user";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Switchyard", template: "%s · Switchyard" },
  description: "Control plane for Kong gateways: zones, rovers, tenants, routes and publishing.",
};

/** Every screen is an operator screen, so the shell lives here and pages only bring their content. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  // Signed out: only the sign-in page renders (everything else redirects there), without the shell.
  const { user, needs } = await pageAccess();
  return (
    <html lang="en" className={`${GeistSans.variable} ${GeistMono.variable}`}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <Providers>
          <SessionProvider user={user && { name: user.name, email: user.email, role: user.role }}>
            {/* Below 900 px the sidebar becomes a top bar above the page (components/shell/sidebar.tsx). */}
            <div className="flex min-h-screen flex-col shell:flex-row">
              {/* The first Tab stop: keyboard users skip the navigation straight to the page. */}
              <a
                href="#main"
                className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-indigo-700 shadow ring-2 ring-indigo-500 focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
              >
                Skip to content
              </a>
              {user ? <Sidebar /> : null}
              <main id="main" tabIndex={-1} className="min-w-0 flex-1 outline-none">
                {user && needs ? <RoleRequired role={needs} have={user.role} /> : children}
              </main>
            </div>
          </SessionProvider>
        </Providers>
      </body>
    </html>
  );
}
