import { Button } from "@/components/ui/button";

/** "1–50 of 120" with previous/next; paging follows the API's `limit`/`offset`. */
export function ListFooter({ offset, limit, shown, total, onOffset }: { offset: number; limit: number; shown: number; total: number; onOffset: (offset: number) => void }) {
  if (total === 0) return null;
  return (
    <div className="mt-3 flex items-center justify-between text-[13px] text-slate-500">
      <p aria-live="polite">
        {total <= limit ? `${total} ${total === 1 ? "item" : "items"}` : `${offset + 1}–${offset + shown} of ${total}`}
      </p>
      {total > limit ? (
        <div className="flex gap-2">
          <Button size="sm" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - limit))}>
            Previous
          </Button>
          <Button size="sm" disabled={offset + limit >= total} onClick={() => onOffset(offset + limit)}>
            Next
          </Button>
        </div>
      ) : null}
    </div>
  );
}
