import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/current-user";
import { DEMO_ADMIN } from "@/lib/auth/demo";
import { safeNext } from "@/lib/auth/redirects";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<{ next?: string | string[] }>;

export default async function SignInPage({ searchParams }: { searchParams: SearchParams }) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw, process.env.BETTER_AUTH_URL);
  if (await currentUser()) redirect(next);
  // The demo's credentials are a convenience of `npm run dev`, never shown by a production build.
  const demo =
    process.env.NODE_ENV === "development"
      ? { email: DEMO_ADMIN.email, password: DEMO_ADMIN.password }
      : null;
  return (
    <div className="relative flex min-h-screen items-center justify-center overflow-hidden bg-slate-50 px-4 py-12">
      <div
        aria-hidden="true"
        className="pointer-events-none absolute inset-x-0 top-0 h-80 bg-gradient-to-b from-indigo-100/70 to-transparent"
      />
      <div className="relative w-full max-w-sm">
        <div className="mb-8 flex flex-col items-center text-center">
          <svg viewBox="0 0 24 24" className="mb-4 size-11" aria-hidden="true">
            <rect width="24" height="24" rx="6" className="fill-indigo-600" />
            <path
              d="M6 8h7a3 3 0 0 1 0 6H9.5M6 17h12"
              stroke="white"
              strokeWidth="1.8"
              fill="none"
              strokeLinecap="round"
            />
            <circle cx="9" cy="14" r="1.4" fill="white" />
          </svg>
          <h1 className="text-xl font-semibold tracking-tight text-slate-900">Sign in to Switchyard</h1>
          <p className="mt-1.5 text-sm text-slate-500">The control plane for your Kong gateways</p>
        </div>
        <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
          <SignInForm next={next} />
        </div>
        {demo ? (
          <p className="mt-5 rounded-lg bg-white/60 px-4 py-3 text-center text-xs leading-relaxed text-slate-500 ring-1 ring-slate-200">
            Demo: <span className="font-mono text-slate-700">{demo.email}</span> /{" "}
            <span className="font-mono text-slate-700">{demo.password}</span> — change it after signing in.
          </p>
        ) : (
          <p className="mt-5 text-center text-xs text-slate-400">Accounts are created by an administrator.</p>
        )}
      </div>
    </div>
  );
}
