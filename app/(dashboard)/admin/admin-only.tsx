import { Alert } from "@/components/ui/alert";

/** What a non-admin sees on an admin page they typed into the address bar. */
export function AdminOnly() {
  return (
    <Alert tone="error" title="Administrators only">
      Managing users and API tokens needs the admin role. Ask an administrator if you need access.
    </Alert>
  );
}
