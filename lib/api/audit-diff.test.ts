import { describe, expect, it } from "vitest";
import { fieldChanges } from "./audit-diff";

describe("fieldChanges", () => {
  it("lists only the fields that changed, by dotted path, without revision noise", () => {
    const before = {
      name: "orders",
      revision: 1,
      exposures: [{ basePath: "/a", upstreams: [{ url: "http://a", weight: 1 }] }],
    };
    const after = {
      name: "orders",
      revision: 2,
      exposures: [{ basePath: "/a", upstreams: [{ url: "http://b", weight: 1 }] }],
    };
    expect(fieldChanges(before, after)).toEqual([
      { path: "exposures.0.upstreams.0.url", kind: "changed", before: "http://a", after: "http://b" },
    ]);
  });

  it("shows a create as added fields and a delete as removed ones; primitive lists stay one value", () => {
    expect(fieldChanges(null, { name: "t", methods: ["GET", "POST"] })).toEqual([
      { path: "name", kind: "added", after: "t" },
      { path: "methods", kind: "added", after: ["GET", "POST"] },
    ]);
    expect(fieldChanges({ name: "t" }, null)).toEqual([{ path: "name", kind: "removed", before: "t" }]);
  });

  it("keeps revision when it is the only change", () => {
    expect(fieldChanges({ revision: 1 }, { revision: 2 })).toEqual([
      { path: "revision", kind: "changed", before: 1, after: 2 },
    ]);
  });
});
