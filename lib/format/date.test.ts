import { describe, expect, it } from "vitest";
import { formatDateTime, formatDateTimeExact, formatRelative } from "./date";

describe("formatDateTime", () => {
  it("writes UTC with the zone named, whatever the input's offset", () => {
    expect(formatDateTime("2026-12-04T18:10:42.123Z")).toBe("2026-12-04 18:10 UTC");
    expect(formatDateTime("2026-12-04T19:10:42+01:00")).toBe("2026-12-04 18:10 UTC");
    expect(formatDateTime(new Date(Date.UTC(2027, 0, 2, 3, 4, 5)))).toBe("2027-01-02 03:04 UTC");
  });

  it("says — for a missing or unreadable date instead of 'Invalid Date'", () => {
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime(undefined)).toBe("—");
    expect(formatDateTime("")).toBe("—");
    expect(formatDateTime("not a date")).toBe("—");
  });

  it("has an exact variant to the second", () => {
    expect(formatDateTimeExact("2026-12-04T18:10:42.999Z")).toBe("2026-12-04 18:10:42 UTC");
    expect(formatDateTimeExact(null)).toBe("—");
  });
});

describe("formatRelative", () => {
  const now = Date.UTC(2026, 11, 4, 18, 10, 0);
  it("counts back in the largest whole unit", () => {
    expect(formatRelative(now - 2_000, now)).toBe("just now");
    expect(formatRelative(now - 42_000, now)).toBe("42 s ago");
    expect(formatRelative(now - 5 * 60_000 - 59_000, now)).toBe("5 min ago");
    expect(formatRelative(now - 3 * 3_600_000, now)).toBe("3 h ago");
    expect(formatRelative(now - 2 * 86_400_000, now)).toBe("2 d ago");
  });

  it("counts forward for future dates (token expiry)", () => {
    expect(formatRelative(now + 90 * 86_400_000, now)).toBe("in 90 d");
  });

  it("is empty without a date", () => {
    expect(formatRelative(null, now)).toBe("");
  });
});
