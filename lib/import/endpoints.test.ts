import { describe, expect, it } from "vitest";
import { canonicalMethods, diffEndpoints, joinPaths, mergeEndpoints, underBasePath, type ImportProblem } from "./endpoints";
import { splitModuleId } from "./folio";

describe("endpoint import helpers", () => {
  it("reads a path relative to the base path, or says it is outside", () => {
    expect(underBasePath("/orders", "/orders")).toBe("/");
    expect(underBasePath("/orders/", "/orders")).toBe("/");
    expect(underBasePath("/orders/{id}", "/orders")).toBe("/{id}");
    expect(underBasePath("/orders*", "/orders")).toBe("/*");
    // A longer segment that merely starts like the base path is not under it.
    expect(underBasePath("/orders-admin/x", "/orders")).toBeNull();
    expect(underBasePath("/other", "/orders")).toBeNull();
  });

  it("joins server and operation paths without doubling or losing the slash", () => {
    expect(joinPaths("", "/pets")).toBe("/pets");
    expect(joinPaths("/v2/", "/pets")).toBe("/v2/pets");
    expect(joinPaths("/v2", "pets")).toBe("/v2/pets");
  });

  it("merges endpoints by path in Switchyard's method order and names refused paths", () => {
    const problems: ImportProblem[] = [];
    const merged = mergeEndpoints(
      [
        { where: "a", path: "/{id}", methods: ["PUT"] },
        { where: "b", path: "/", methods: ["POST"] },
        { where: "c", path: "/{id}", methods: ["GET", "PUT"] },
        { where: "d", path: "/x/{a-b}", methods: ["GET"] },
      ],
      problems,
    );
    expect(merged).toEqual([
      { path: "/{id}", methods: ["GET", "PUT"] },
      { path: "/", methods: ["POST"] },
    ]);
    expect(problems).toEqual([expect.objectContaining({ kind: "skipped", where: "d" })]);
    expect(canonicalMethods(["DELETE", "GET", "GET", "TRACE"])).toEqual(["GET", "DELETE"]);
  });

  it("compares an import with the current list by path, methods as sets", () => {
    const diff = diffEndpoints(
      [
        { path: "/", methods: ["POST", "GET"] },
        { path: "/{id}", methods: ["GET"] },
        { path: "/old", methods: ["GET"] },
      ],
      [
        { path: "/", methods: ["GET", "POST"] },
        { path: "/{id}", methods: ["GET", "DELETE"] },
        { path: "/new", methods: ["GET"] },
      ],
    );
    expect(diff.unchanged.map((e) => e.path)).toEqual(["/"]);
    expect(diff.changed).toEqual([{ path: "/{id}", before: ["GET"], after: ["GET", "DELETE"] }]);
    expect(diff.added.map((e) => e.path)).toEqual(["/new"]);
    expect(diff.removed.map((e) => e.path)).toEqual(["/old"]);
  });

  it("splits a FOLIO module id into application name and semantic version", () => {
    expect(splitModuleId("mod-inventory-storage-27.1.0")).toEqual({ name: "mod-inventory-storage", version: "27.1.0" });
    expect(splitModuleId("mod-users-19.2.0-SNAPSHOT.681")).toEqual({ name: "mod-users", version: "19.2.0-SNAPSHOT.681" });
    expect(splitModuleId("mod-x")).toBeNull();
    expect(splitModuleId("Mod_X-1.0.0")).toBeNull();
  });
});
