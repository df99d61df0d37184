"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useId, useState } from "react";
import { useForm, useWatch } from "react-hook-form";
import type { z } from "zod";
import { useDebounced } from "@/components/common/use-debounced";
import { PlusIcon } from "@/components/shell/icons";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { EmptyState } from "@/components/ui/empty-state";
import { Field, fieldIds, Input, Select } from "@/components/ui/input";
import { SearchInput } from "@/components/ui/search-input";
import { TableSkeleton } from "@/components/ui/skeleton";
import { Switch } from "@/components/ui/switch";
import { Table, TBody, TD, TH, THead, TR } from "@/components/ui/table";
import { toast } from "@/components/ui/toaster";
import { ROLE_DESCRIPTIONS, ROLES, type Role } from "@/lib/auth/roles";
import { userCreateSchema, type User } from "@/lib/auth/schemas";
import { isApiError } from "@/lib/query/api";
import { applyServerErrors } from "@/lib/query/form-errors";
import { useCreateUser, useDeleteUser, useUpdateUser, useUsers } from "@/lib/query/users";
import { UsersIcon } from "@/components/shell/icons";
import { DateTime } from "@/components/ui/date-time";
import { useCurrentUser } from "./session-provider";

/** Users: who may sign in and with which role; create, change role, disable, delete. */
export function UserAdmin() {
  const me = useCurrentUser();
  const [search, setSearch] = useState("");
  const q = useDebounced(search.trim());
  const users = useUsers({ q: q || undefined });
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<User | null>(null);
  const update = useUpdateUser();

  const change = (user: User, changes: { role?: Role; disabled?: boolean }, done: string) =>
    update.mutate({ id: user.id, changes }, { onSuccess: () => toast.success(done) });

  return (
    <div>
      <div className="mb-4 flex items-center justify-between gap-4">
        <SearchInput
          label="Search users"
          placeholder="Search by name or email…"
          value={search}
          onChange={setSearch}
        />
        <Button variant="primary" icon={<PlusIcon />} onClick={() => setCreating(true)}>
          New user
        </Button>
      </div>
      {users.isPending ? (
        <TableSkeleton columns={5} label="Loading users" />
      ) : users.isError ? (
        <Alert title="Users couldn't be loaded">{users.error.message}</Alert>
      ) : users.data.items.length === 0 ? (
        <EmptyState
          icon={<UsersIcon className="size-5" />}
          title={q ? `No user matches “${q}”` : "No users yet"}
        />
      ) : (
        <Table label="Users">
          <THead>
            <tr>
              <TH>Name</TH>
              <TH>Email</TH>
              <TH>Role</TH>
              <TH>Can sign in</TH>
              <TH>Created</TH>
              <TH>
                <span className="sr-only">Actions</span>
              </TH>
            </tr>
          </THead>
          <TBody>
            {users.data.items.map((user) => {
              const self = user.email === me?.email;
              return (
                <TR key={user.id}>
                  <TD>
                    <span className="font-medium text-slate-900">{user.name}</span>
                    {self ? (
                      <Badge tone="indigo" className="ml-2">
                        you
                      </Badge>
                    ) : null}
                  </TD>
                  <TD className="font-mono text-[13px] text-slate-600">{user.email}</TD>
                  <TD>
                    <Select
                      aria-label={`Role of ${user.email}`}
                      value={user.role}
                      disabled={self}
                      className="h-8 w-32"
                      onChange={(e) =>
                        change(
                          user,
                          { role: e.target.value as Role },
                          `${user.email} is now ${e.target.value}`,
                        )
                      }
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {r}
                        </option>
                      ))}
                    </Select>
                  </TD>
                  <TD>
                    <Switch
                      aria-label={`${user.email} can sign in`}
                      checked={!user.disabled}
                      disabled={self}
                      onCheckedChange={(on) =>
                        change(
                          user,
                          { disabled: !on },
                          on
                            ? `${user.email} can sign in again`
                            : `${user.email} is disabled and signed out; the API tokens they made are revoked`,
                        )
                      }
                    />
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">
                    <DateTime value={user.createdAt} />
                  </TD>
                  <TD className="text-right">
                    {self ? null : (
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setDeleting(user)}
                        aria-label={`Delete ${user.email}`}
                      >
                        Delete
                      </Button>
                    )}
                  </TD>
                </TR>
              );
            })}
          </TBody>
        </Table>
      )}
      <CreateUserDialog open={creating} onClose={() => setCreating(false)} />
      <DeleteUserDialog user={deleting} onClose={() => setDeleting(null)} />
    </div>
  );
}

type CreateValues = z.input<typeof userCreateSchema>;
const CREATE_FIELDS = ["name", "email", "role", "password"] as const;

function CreateUserDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const id = useId();
  const create = useCreateUser();
  const form = useForm<CreateValues, unknown, z.output<typeof userCreateSchema>>({
    resolver: zodResolver(userCreateSchema),
    defaultValues: { name: "", email: "", role: "viewer", password: "" },
    mode: "onTouched",
  });
  const { register, handleSubmit, setError, reset, formState, control } = form;
  const { errors, isSubmitting } = formState;
  const role = useWatch({ control, name: "role" });
  const close = () => {
    reset();
    onClose();
  };
  const onSubmit = handleSubmit(async (values) => {
    try {
      const user = await create.mutateAsync(values);
      toast.success(`User ${user.email} created`, {
        description: "Give them the password; they can change it under Account.",
      });
      close();
    } catch (error) {
      applyServerErrors(error, setError, CREATE_FIELDS);
    }
  });
  const formId = `${id}-form`;
  return (
    <Dialog
      open={open}
      onClose={close}
      title="New user"
      description="They sign in with this email and password, and can change the password afterwards."
      footer={
        <>
          <Button variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} loading={isSubmitting}>
            Create user
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        {errors.root ? <Alert title="Not created">{errors.root.message}</Alert> : null}
        <Field id={`${id}-name`} label="Name" error={errors.name?.message}>
          <Input
            autoComplete="off"
            {...fieldIds(`${id}-name`, undefined, errors.name?.message)}
            {...register("name")}
          />
        </Field>
        <Field id={`${id}-email`} label="Email" error={errors.email?.message}>
          <Input
            type="email"
            autoComplete="off"
            {...fieldIds(`${id}-email`, undefined, errors.email?.message)}
            {...register("email")}
          />
        </Field>
        <Field
          id={`${id}-role`}
          label="Role"
          hint={ROLE_DESCRIPTIONS[role as Role] ?? undefined}
          error={errors.role?.message}
        >
          <Select
            {...fieldIds(`${id}-role`, ROLE_DESCRIPTIONS[role as Role], errors.role?.message)}
            {...register("role")}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          id={`${id}-password`}
          label="First password"
          hint="At least 8 characters"
          error={errors.password?.message}
        >
          <Input
            type="password"
            autoComplete="new-password"
            {...fieldIds(`${id}-password`, "hint", errors.password?.message)}
            {...register("password")}
          />
        </Field>
      </form>
    </Dialog>
  );
}

function DeleteUserDialog({ user, onClose }: { user: User | null; onClose: () => void }) {
  const remove = useDeleteUser();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Dialog
      open={user !== null}
      onClose={close}
      size="sm"
      title={`Delete ${user?.email ?? "user"}?`}
      description="They are signed out and can't sign in again, and the API tokens they made are revoked. Their changes stay in the audit trail. To keep the account for later, turn off “Can sign in” instead."
      footer={
        <>
          <Button variant="secondary" onClick={close} autoFocus>
            Cancel
          </Button>
          <Button
            variant="danger"
            loading={remove.isPending}
            onClick={() =>
              user &&
              remove.mutate(user.id, {
                onSuccess: () => {
                  toast.success(`${user.email} deleted`);
                  close();
                },
              })
            }
          >
            Delete user
          </Button>
        </>
      }
    >
      {isApiError(remove.error) ? <Alert title="Not deleted">{remove.error.message}</Alert> : null}
    </Dialog>
  );
}
