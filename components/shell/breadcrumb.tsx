import Link from "next/link";
import { focusRing } from "@/components/ui/cn";
import { ArrowLeftIcon } from "./icons";

export function Breadcrumb({ href, label }: { href: string; label: string }) {
  return (
    <Link href={href} className={`inline-flex items-center gap-1 rounded text-[13px] text-slate-500 hover:text-slate-900 ${focusRing}`}>
      <ArrowLeftIcon className="size-3.5" />
      {label}
    </Link>
  );
}
