"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type ComponentType } from "react";
import { useCan } from "@/components/auth/session-provider";
import { UserMenu } from "@/components/auth/user-menu";
import { cn, focusRing } from "@/components/ui/cn";
import {
  AuditIcon,
  EntitlementsIcon,
  OverviewIcon,
  PlaygroundIcon,
  PublishIcon,
  RoutesIcon,
  RoversIcon,
  SimulatorIcon,
  TenantsIcon,
  TokensIcon,
  TopologyIcon,
  UsersIcon,
  ZonesIcon,
} from "./icons";
import { PendingIndicator } from "./pending-indicator";

interface NavItem {
  href: string;
  label: string;
  icon: ComponentType<{ className?: string }>;
  /** Planned screens: reachable, but marked so nobody mistakes them for working ones. */
  coming?: boolean;
  /** Shown only to administrators. */
  admin?: boolean;
}

const NAV: Array<{ heading: string; items: NavItem[] }> = [
  {
    heading: "Estate",
    items: [
      { href: "/overview", label: "Overview", icon: OverviewIcon },
      { href: "/zones", label: "Zones", icon: ZonesIcon },
      { href: "/rovers", label: "Rovers", icon: RoversIcon },
    ],
  },
  {
    heading: "Access",
    items: [
      { href: "/tenants", label: "Tenants", icon: TenantsIcon },
      { href: "/entitlements", label: "Entitlements", icon: EntitlementsIcon },
    ],
  },
  {
    heading: "Traffic",
    items: [
      { href: "/routes", label: "Routes", icon: RoutesIcon },
      { href: "/topology", label: "Topology", icon: TopologyIcon },
      { href: "/simulate", label: "Request simulator", icon: SimulatorIcon },
      { href: "/publish", label: "Publish", icon: PublishIcon },
    ],
  },
  {
    heading: "Tools",
    items: [
      { href: "/playground", label: "Expression playground", icon: PlaygroundIcon },
      { href: "/audit", label: "Audit trail", icon: AuditIcon },
    ],
  },
  {
    heading: "Admin",
    items: [
      { href: "/admin/users", label: "Users", icon: UsersIcon, admin: true },
      { href: "/admin/tokens", label: "API tokens", icon: TokensIcon, admin: true },
    ],
  },
];

/**
 * The navigation: a column beside the page from 900 px up; below that a top bar whose menu button
 * slides the same column in over the page, so a phone gets the whole width for content.
 */
export function Sidebar() {
  const pathname = usePathname();
  const active = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  const isAdmin = useCan("admin");
  const nav = NAV.map((g) => ({ ...g, items: g.items.filter((i) => !i.admin || isAdmin) })).filter(
    (g) => g.items.length,
  );
  // The menu remembers the page it was opened on: navigating anywhere closes it without an effect.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const close = () => setOpenOn(null);
  const drawerId = useId();
  const menuButton = useRef<HTMLButtonElement>(null);
  const drawer = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!open) return;
    const links = drawer.current;
    (links?.querySelector<HTMLElement>("a[aria-current]") ?? links?.querySelector<HTMLElement>("a"))?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "Escape") return;
      setOpenOn(null);
      menuButton.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <div className="sticky top-0 z-30 flex h-14 items-center gap-2 border-b border-slate-200 bg-white px-3 shell:hidden">
        <button
          ref={menuButton}
          type="button"
          aria-label={open ? "Close menu" : "Open menu"}
          aria-expanded={open}
          aria-controls={drawerId}
          onClick={() => setOpenOn(open ? null : pathname)}
          className={cn("rounded-md p-2 text-slate-600 hover:bg-slate-100 hover:text-slate-900", focusRing)}
        >
          <MenuIcon open={open} />
        </button>
        <Logo />
        <span className="text-[15px] font-semibold tracking-tight text-slate-900">Switchyard</span>
        <PendingIndicator compact />
      </div>
      {open ? (
        <div aria-hidden="true" onClick={close} className="fixed inset-0 z-30 bg-slate-900/30 shell:hidden" />
      ) : null}
      {/* The outer column stretches with the page (border and background all the way down); the inner one stays in view. */}
      <div
        className={cn(
          "w-60 shrink-0 border-r border-slate-200 bg-white",
          open ? "fixed inset-y-0 left-0 z-40 w-72 max-w-[85vw] shadow-xl" : "hidden",
          "shell:static shell:block shell:w-60 shell:max-w-none shell:shadow-none",
        )}
      >
        <aside id={drawerId} ref={drawer} className="sticky top-0 flex h-dvh flex-col">
          <div className="flex h-14 items-center gap-2.5 border-b border-slate-100 px-5">
            <Logo />
            <span className="text-[15px] font-semibold tracking-tight text-slate-900">Switchyard</span>
          </div>
          <div className="hidden shell:block">
            <PendingIndicator />
          </div>
          <nav aria-label="Main" className="flex-1 overflow-y-auto px-3 py-4">
            {nav.map((group) => (
              <div key={group.heading} className="mb-5">
                <h2 className="mb-1 px-2 text-[11px] font-medium uppercase tracking-wider text-slate-400">
                  {group.heading}
                </h2>
                <ul className="space-y-0.5">
                  {group.items.map((item) => {
                    const current = active(item.href);
                    const Icon = item.icon;
                    return (
                      <li key={item.href}>
                        {/* Every screen renders per request: prefetching all of them on each page load
                            only competes with the page for the server. */}
                        <Link
                          href={item.href}
                          prefetch={false}
                          aria-current={current ? "page" : undefined}
                          // The page itself: the path does not change, so close the menu here.
                          onClick={current ? close : undefined}
                          className={cn(
                            "flex h-8 items-center gap-2.5 rounded-md px-2 text-[13.5px] transition-colors",
                            focusRing,
                            "focus-visible:ring-offset-0",
                            current
                              ? "bg-slate-100 font-medium text-slate-900"
                              : "text-slate-600 hover:bg-slate-50 hover:text-slate-900",
                            item.coming && !current && "text-slate-500",
                          )}
                        >
                          <Icon className={cn("size-4", current ? "text-indigo-600" : "text-slate-400")} />
                          <span className="flex-1 truncate">{item.label}</span>
                          {item.coming ? (
                            <span className="rounded bg-slate-100 px-1.5 py-px text-[10.5px] font-medium text-slate-500 ring-1 ring-inset ring-slate-200">
                              Coming
                            </span>
                          ) : null}
                        </Link>
                      </li>
                    );
                  })}
                </ul>
              </div>
            ))}
          </nav>
          <UserMenu />
        </aside>
      </div>
    </>
  );
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" className="size-5" aria-hidden="true">
      {open ? <path d="M6 6l12 12M18 6 6 18" /> : <path d="M4 7h16M4 12h16M4 17h16" />}
    </svg>
  );
}

function Logo() {
  return (
    <svg viewBox="0 0 24 24" className="size-6" aria-hidden="true">
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
  );
}
