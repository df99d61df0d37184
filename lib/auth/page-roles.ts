import { roleAllows, type Role } from "./roles";

/**
 * Pages that only make sense with a role above viewer: typing their URL shows what is needed
 * instead of a form whose every save would be refused. The API checks each call regardless.
 */
const PAGE_ROLES: Array<[RegExp, Role]> = [
  [/^\/admin(?:[/?]|$)/, "admin"],
  [/^\/(?:zones|rovers|tenants)\/new(?:[/?]|$)/, "editor"],
];

/** The role a page needs that `role` lacks, or null when it may see the page. */
export function missingPageRole(path: string, role: Role): Role | null {
  for (const [pattern, needs] of PAGE_ROLES) if (pattern.test(path) && !roleAllows(role, needs)) return needs;
  return null;
}
