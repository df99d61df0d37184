import { describe, expect, it } from "vitest";
import { safeNext } from "./constants";
import { missingPageRole } from "./page-roles";
import { roleAllows } from "./roles";

describe("safeNext (where sign-in sends you back)", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/zones")).toBe("/zones");
    expect(safeNext("/rovers?zone=eu-central")).toBe("/rovers?zone=eu-central");
  });

  it("never leaves the site or loops back to sign-in", () => {
    for (const evil of [
      "https://evil.example",
      "//evil.example/x",
      "/\\evil.example",
      "javascript:alert(1)",
      "zones",
    ]) {
      expect(safeNext(evil), evil).toBe("/");
    }
    expect(safeNext("/sign-in?next=/zones")).toBe("/");
    expect(safeNext(undefined)).toBe("/");
  });
});

describe("missingPageRole", () => {
  it("asks for editor on the create pages and admin on admin pages", () => {
    expect(missingPageRole("/zones/new", "viewer")).toBe("editor");
    expect(missingPageRole("/tenants/new?x=1", "viewer")).toBe("editor");
    expect(missingPageRole("/zones/new", "editor")).toBeNull();
    expect(missingPageRole("/admin/users", "publisher")).toBe("admin");
    expect(missingPageRole("/admin", "admin")).toBeNull();
  });

  it("leaves everything else to the page (a zone called 'news' is not 'new')", () => {
    expect(missingPageRole("/zones/news", "viewer")).toBeNull();
    expect(missingPageRole("/zones", "viewer")).toBeNull();
    expect(missingPageRole("/administrators-guide", "viewer")).toBeNull();
  });
});

describe("roleAllows", () => {
  it("ranks viewer < editor < publisher < admin", () => {
    expect(roleAllows("publisher", "editor")).toBe(true);
    expect(roleAllows("editor", "publisher")).toBe(false);
    expect(roleAllows("admin", "admin")).toBe(true);
    expect(roleAllows("viewer", "editor")).toBe(false);
  });
});
