import "server-only";
import { notFound } from "next/navigation";
import { currentUser } from "@/lib/auth/current-user";

/**
 * An entity page's guard: when what the address names does not exist, the page answers 404 with the
 * not-found page (app/not-found.tsx) instead of a header offering Delete on nothing. Signed out,
 * nothing is looked up: the root layout sends the visitor to sign in, and existence is not disclosed.
 */
export async function notFoundUnless(exists: () => Promise<boolean>): Promise<void> {
  if (!(await currentUser())) return;
  if (!(await exists())) notFound();
}
