import type { Metadata } from "next";
import { UserAdmin } from "@/components/auth/user-admin";
import { PageContainer } from "@/components/shell/page-container";
import { PageHeader } from "@/components/ui/page-header";
import { requireUser } from "@/lib/auth/current-user";
import { AdminOnly } from "../admin-only";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const user = await requireUser();
  return (
    <PageContainer>
      <PageHeader
        title="Users"
        description="Who can sign in, and what their role lets them do: viewers read, editors change the estate, publishers also publish, admins also manage users, tokens and Kong credentials."
      />
      {user.role === "admin" ? <UserAdmin /> : <AdminOnly />}
    </PageContainer>
  );
}
