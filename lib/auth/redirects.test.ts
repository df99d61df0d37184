import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { missingPageRole } from "./page-roles";
import { safeNext } from "./redirects";
import { roleAllows } from "./roles";

describe("safeNext (where sign-in sends you back)", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/zones")).toBe("/zones");
    expect(safeNext("/rovers?zone=eu-central")).toBe("/rovers?zone=eu-central");
    expect(safeNext("/routes?q=%2Forders#top")).toBe("/routes?q=%2Forders#top");
    expect(safeNext("/zones", "https://switchyard.example.com")).toBe("/zones");
  });

  // `next` arrives decoded once by the query string parser; each value is what the page receives.
  it.each([
    ["another origin", "https://evil.example"],
    ["scheme-relative", "//evil.example/x"],
    ["backslash after the slash", "/\\evil.example"],
    ["backslash later on", "/zones\\..\\..\\evil.example"],
    ["a tab that browsers drop (/%09/evil.example)", "/\t/evil.example"],
    ["a newline (%0a)", "/\n/evil.example"],
    ["a carriage return (%0d)", "/zones\r\nSet-Cookie: x=1"],
    ["NUL", "/\u0000/evil.example"],
    ["DEL", "/\u007f/evil.example"],
    ["an encoded tab", "/%09/evil.example"],
    ["an encoded slash making //", "/%2F/evil.example"],
    ["an encoded backslash", "/%5Cevil.example"],
    ["an encoded newline", "/zones%0d%0aLocation:%20https://evil.example"],
    ["a broken escape", "/zones%E0%A4%A"],
    ["javascript:", "javascript:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["a relative path", "zones"],
    ["a path-relative host", "evil.example/zones"],
    ["the sign-in page (a loop)", "/sign-in?next=/zones"],
    ["the sign-in page reached through ..", "/zones/../sign-in"],
    ["something huge", `/${"a".repeat(5000)}`],
    ["nothing", ""],
    ["undefined", undefined],
    ["null", null],
  ])("refuses %s", (_what, value) => {
    expect(safeNext(value)).toBe("/");
    expect(safeNext(value, "https://switchyard.example.com")).toBe("/");
  });

  // Whatever arrives, the answer is a path of this origin that a Location header can carry (the
  // sign-in page answered 500 when `redirect()` was handed a newline).
  it("answers any string with a same-origin path free of control characters", () => {
    const origin = "https://switchyard.example.com";
    const piece = fc.constantFrom(
      "/",
      "//",
      "\\",
      "%",
      "%2F",
      "%5C",
      "%09",
      "%0a",
      "\t",
      "\n",
      "\r",
      ".",
      "..",
      "@",
      ":",
      "?",
      "#",
      "evil.example",
      "sign-in",
      "zones",
      "%2e",
    );
    const hostile = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join("")),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.tuple(piece, fc.string({ maxLength: 20 })).map(([a, b]) => `/${a}${b}`),
    );
    fc.assert(
      fc.property(hostile, (next) => {
        const safe = safeNext(next, origin);
        expect(safe.startsWith("/") && !safe.startsWith("//")).toBe(true);
        expect(safe).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(new URL(safe, origin).origin).toBe(origin);
        expect(() => new Headers({ location: safe })).not.toThrow();
      }),
      { numRuns: 2000 },
    );
  });

  it("returns the parsed path, so what the browser follows is what was checked", () => {
    expect(safeNext("/zones/./eu-central/../eu-west")).toBe("/zones/eu-west");
    expect(safeNext("/zones/a b")).toBe("/zones/a%20b");
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
