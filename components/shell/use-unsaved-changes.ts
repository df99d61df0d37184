"use client";

import { useEffect } from "react";

const UNSAVED_CHANGES_MESSAGE = "This page has unsaved changes. Leave it and lose them?";

/**
 * While `dirty`, leaving the page asks first: a reload, a closed tab or an address typed elsewhere
 * through `beforeunload`, and a click on any link inside the app through a capturing listener —
 * Next's App Router has no navigation events to veto, so the click is stopped before `<Link>` sees
 * it. Navigation the page starts itself (`router.push` after a save) is not asked about.
 * Back/forward can't be vetoed in the App Router and is not covered.
 */
export function useUnsavedChanges(dirty: boolean, message: string = UNSAVED_CHANGES_MESSAGE): void {
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older Chromium and Safari only prompt when returnValue is set.
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      if (!leavesPage(event)) return;
      if (window.confirm(message)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    // Capture on window runs before React's listeners on the document root and before <Link>.
    window.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      window.removeEventListener("click", onClick, true);
    };
  }, [dirty, message]);
}

/** A plain left click on a link that would replace this page with another one of the app. */
function leavesPage(event: MouseEvent): boolean {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
    return false;
  const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
  if (!(link instanceof HTMLAnchorElement)) return false;
  // New tabs and downloads leave this page as it is.
  if ((link.target && link.target !== "_self") || link.hasAttribute("download")) return false;
  const to = new URL(link.href, window.location.href);
  // Another site: the browser's own beforeunload prompt asks.
  if (to.origin !== window.location.origin) return false;
  // Only the fragment changes: the page and its form stay.
  return to.pathname !== window.location.pathname || to.search !== window.location.search;
}
