import type { Metadata } from "next";
import { Playground } from "@/components/expression/playground";
import { stateFromSearchParams, type SearchParams } from "@/components/expression/playground-state";

export const metadata: Metadata = { title: "Expression playground" };

/** The state comes from the URL on the server, so a shared link renders its expression and answer straight away. */
export default async function PlaygroundPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const initialState = stateFromSearchParams(await searchParams);
  return (
    <div className="mx-auto w-full max-w-[1400px] px-4 py-6 sm:px-6 sm:py-8">
      <header className="mb-6">
        <h1 className="text-xl font-semibold tracking-tight text-slate-900">Expression playground</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-500">
          Write a Kong router expression, see how Kong parses it, and test it against a request — with the predicate that failed and the values Kong
          compared, not just a yes or no.
        </p>
      </header>
      <Playground initialState={initialState} />
    </div>
  );
}
